"""Whether an answer may carry a chart here, and the "Chart" button that asks for one.

Images are heavy in a busy chat, so in a group they are off until a moderator sets `charts=on`
(/set). A private answer (a DM, an ephemeral Discord reply, anything about saved data) and the
console are the reader's own screen: charts always work there. The decision is made in the
command, so an answer that may not carry a chart never costs a drawing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from commands.charts.model import Chart
from commands.context import Context
from commands.invocation import MAX_INPUT_CHARS, Invocation
from commands.reply import Action, Reply
from core.i18n import N_, _

OFF_IN_GROUP = N_("Charts are off in this group: a moderator turns them on with /set charts=on. "
                  "In a DM with me they always work.")
BUTTON = N_("Chart")
FLAG = "chart"


def allowed(invocation: Invocation, context: Context, private: bool = False) -> bool:
    return private or not invocation.is_group or invocation.platform == "console" or context.group_charts


def charted(reply: Reply, make: Callable[[], Chart], invocation: Invocation, context: Context) -> Reply:
    """`reply` with the chart `make` builds, or, where charts are off, with a note saying so."""
    if not reply.ok:
        return reply
    if not allowed(invocation, context, reply.private):
        return replace(reply, notes=(*reply.notes, _(OFF_IN_GROUP)))
    return replace(reply, chart=make())


def with_chart_button(reply: Reply, invocation: Invocation, context: Context) -> Reply:
    """A "Chart" button that runs the same command again with the `chart` flag, bound to the caller
    (bot/button_book.py) like every button; left off where charts are off, or when the command
    with the flag would be too long to run. Not on the console: it has no buttons, and prints
    them as text under every answer (`riskbot ask --chart FILE.png` draws there)."""
    if invocation.platform == "console" or not reply.ok or reply.chart is not None \
            or not allowed(invocation, context, reply.private):
        return reply
    again = f"{' '.join(invocation.text.split())} {FLAG}"
    if len(again) > MAX_INPUT_CHARS:
        return reply
    return replace(reply, actions=(*reply.actions, Action(_(BUTTON), again)))
