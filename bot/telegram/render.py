"""A `Reply` as Telegram HTML, laid out for a phone.

Order: the headline figure first (it is what shows in a notification preview), then what it is
about, one labelled figure a line, the warnings, and the assumptions footer folded into an
expandable quote so it does not push the numbers off a small screen. No tables: Telegram has none
and monospace columns wrap badly on a phone.

Every string that comes from a `Reply` goes through `html.escape`, because some of it echoes what a
user typed (a symbol such as `<b>x</b>`), and Telegram rejects the whole message on one stray `<`
or `&`, or worse, renders an injected link. A value that is a bare figure is wrapped in `<code>`,
so a tap copies it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape

from commands.reply import Reply
from core.i18n import _, speaking

# A bare figure: canonical (57,831.33) or in a group's regional separators (57 831,33, 57.831,33).
FIGURE = re.compile(r"[-\u2212+]?[0-9](?:[0-9]|[,.\u00a0\u202f][0-9])*%?")
CAPTION_LIMIT = 1024   # Bot API, sendPhoto: 0-1024 characters after entities parsing
LEVEL_MARK = {"danger": "\u26d4", "warn": "\u26a0\ufe0f", "info": "\u2139\ufe0f"}


def render_html(reply: Reply) -> str:
    """The reply in the language it was composed in (`Reply.speech`)."""
    with speaking(reply.speech):
        return _render_html(reply)


def _render_html(reply: Reply) -> str:
    if reply.error is not None:
        return render_error(reply)
    out: list[str] = []
    if reply.headline is not None:
        out.append(f"<b>{escape(reply.headline.label)}: {escape(reply.headline.value)}</b>")
    if reply.title:
        out.append(f"<i>{escape(reply.title)}</i>" if out else f"<b>{escape(reply.title)}</b>")
    out.extend(f"{escape(line.label)}: {_value(line.value)}" for line in reply.lines)
    if reply.warnings:
        out.append("")
        out.extend(f"{LEVEL_MARK.get(w.level, LEVEL_MARK['warn'])} {escape(w.text)}"
                   for w in reply.warnings)
    if reply.notes:
        notes = "\n".join(f"\u00b7 {escape(note)}" for note in reply.notes)
        out.append(f"<blockquote expandable>{notes}</blockquote>")
    return "\n".join(out)


def _value(value: str) -> str:
    """A bare figure is monospace, so a tap copies it; prose stays prose."""
    return f"<code>{escape(value)}</code>" if FIGURE.fullmatch(value) else escape(value)


def render_error(reply: Reply) -> str:
    assert reply.error is not None
    with speaking(reply.speech):
        text = escape(reply.error.message)
        if reply.example:
            text += "\n" + _("Try: {example}", example=f"<code>{escape(reply.example)}</code>")
        return text


def render_caption(reply: Reply) -> str:
    """A photo's caption when the full answer is the message it quotes: the headline and what it
    is about, the lines a notification shows. Far under the caption limit."""
    return render_html(replace(reply, lines=(), warnings=(), notes=()))


def render_notice(text: str) -> str:
    """A one-line message of our own (slow down, check your DMs), escaped like everything else."""
    return escape(text)


def render_summary(reply: Reply) -> tuple[str, str]:
    """Title and one-line description for an inline-mode result card, as plain text."""
    if reply.error is not None:
        with speaking(reply.speech):
            return _("Not understood"), reply.error.message
    title = reply.title or reply.command
    if reply.headline is not None:
        return title, f"{reply.headline.label}: {reply.headline.value}"
    return title, reply.lines[0].value if reply.lines else ""
