"""/help: every command's summary and first example, generated from the registry.

`/help` lists what every member can do; `/help moderators` lists the group moderators' commands,
so members are not shown tools they cannot use. A moderator asking `/help` in their group gets a
one-line pointer to the rest.

Summaries are marked with `N_` where each command declares them and spoken here with `_`, in the
asker's language; the examples stay as typed (they are input syntax).
"""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.invocation import Invocation
from commands.errors import UsageError
from commands.grammar import clean_tokens
from commands.registry import NAME_RULE, Command, Option, find, registered
from commands.reply import Line, Reply
from core.i18n import N_, _

TOPIC = Option("topic", "text", N_("a command to explain, e.g. liq, or moderators"))
MODERATORS = "moderators"
POINTER = N_("You moderate this group: /help moderators lists your commands.")


def parse_topic(text: str) -> dict[str, Any]:
    """`/help liq`, `/help /liq` or `/help topic=liq`: one command name, nothing else."""
    tokens = clean_tokens(text)
    if not tokens:
        return {}
    name = tokens[0].lower().removeprefix("topic=").lstrip("/")
    if len(tokens) > 1 or not NAME_RULE.fullmatch(name):
        raise UsageError(_("Ask about one command at a time, by its name."), "/help liq")
    return {"topic": name}


async def _moderates(invocation: Invocation) -> bool:
    if not invocation.is_group:
        return False
    try:
        return await invocation.is_moderator()
    except Exception:   # a pointer is not worth an error: leave it out
        return False


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    topic = args.get("topic")
    if topic == MODERATORS:
        lines = tuple(_line(c) for c in registered() if c.moderator)
        return Reply(command="help", title=_("Commands for a group's moderators"), lines=lines,
                     notes=(_("In a group only its moderators can run these (on Discord: Manage Server; on "
                              "Telegram: the group's admins)."),))
    if topic:
        command = find(topic)
        if command is None:
            raise UsageError(_("There is no /{name} command.", name=topic[:16]), "/help liq")
        lines = tuple(Line(_("Example"), e) for e in command.examples)
        keys = ", ".join(f"{opt.name}=" for opt in command.options if opt.kind not in ("side", "symbol", "price"))
        return Reply(command="help", title=f"/{command.name}: {_(command.summary)}", lines=lines,
                     notes=(*((_("Options: {keys}", keys=keys),) if keys else ()),
                            _("Tokens may come in any order; {short}, {grouped} and {leverage} all work.",
                              short="60k", grouped="60,000", leverage="25x")))
    lines = tuple(_line(c) for c in registered() if not c.moderator)
    pointer = (_(POINTER),) if await _moderates(invocation) else ()
    return Reply(command="help", title=_("riskbot: exact liquidation prices and risk"), lines=lines,
                 notes=(*pointer, _("{example} shows every option of /liq.", example="/help liq"),
                        _("Numbers: {numbers}; leverage {leverage}; rates {rate}.", numbers="60000, 60k, 60,000",
                          leverage="25x", rate="0.5%")))


def _line(c: Command) -> Line:
    """One command: its summary (marked with `N_` where the command declares it) and first example."""
    return Line(f"/{c.name}", _("{summary}. e.g. {example}", summary=_(c.summary), example=c.usage))


COMMAND = Command(
    name="help",
    summary=N_("What each command does, with examples"),
    options=(TOPIC,),
    examples=("/help", "/help liq", "/help moderators"),
    user_install=True,
    run=run,
    accepts_free_text=False,   # the topic option is the free text; Discord needs no `extras` beside it
    inline=True,
    parser=parse_topic,
)



def _ignore_payload(text: str) -> dict[str, Any]:
    # Telegram's deep links send "/start <payload>"; the payload means nothing to riskbot.
    return {}


START = Command(
    name="start",
    summary=N_("What riskbot does and how to begin"),
    options=(),
    examples=("/start",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    parser=_ignore_payload,
)
