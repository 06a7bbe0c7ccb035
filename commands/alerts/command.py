"""/alerts: opt in to a private message when a saved position nears its liquidation price, choose
how near, per user or per position, and set quiet hours.

    /alerts                    status: your levels and each position's trigger price
    /alerts on | off           for all your saved positions (off is the default)
    /alerts at=15%             alert when 15% of the entry-to-liquidation distance is left (default 20%)
    /alerts within=3%          or: when the mark is within 3% of the liquidation price
    /alerts 5 at=10%           position #5's own level; `/alerts 5 off` mutes it, `5 on` unmutes
    /alerts 5 at=default       position #5 follows your level again
    /alerts quiet=22-7         no alerts from 22:00 to 06:59 UTC (they wait until it ends); quiet=off

It brings its own parser (registry `Command.parser`): the words and keys above belong to this
command alone. Discord's typed options arrive as `switch=on id=5 at=15%` and read the same.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from commands import display
from commands.calculators.position_reply import side_word
from commands.alerts.port import DEFAULT_LEVEL, AlertPreferences, AlertSettings, PositionAlert
from commands.context import Context
from commands.errors import UsageError
from commands.grammar import POSITION_ID, clean_tokens
from commands.invocation import Invocation
from commands.numbers import read_rate
from commands.registry import Command, Option
from commands.reply import Line, Reply
from commands.saved.common import OPT_IN, not_found, with_store
from core.i18n import N_, _

EXAMPLE = "/alerts on"
SWITCHES = ("on", "off", "status")
LEVEL_RANGE = (Decimal("0.01"), Decimal("0.9"))
WITHIN_RANGE = (Decimal("0.001"), Decimal("0.5"))
QUIET = re.compile(r"([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
NO_ALERTS = N_("Alerts are not enabled on this bot (it runs without live prices or a database).")
DM_HINT = N_("Alerts come as a private message: on Telegram, open a chat with the bot and press Start once.")

SWITCH = Option("switch", "choice", N_("on, off, or status"), choices=SWITCHES)
AT = Option("at", "rate", N_("alert when this share of the distance to liquidation is left, e.g. 15%"))
WITHIN = Option("within", "rate", N_("or: alert within this % of the liquidation price, e.g. 3%"))
POSITION = Option("id", "number", N_("one position's id, from /positions (leave out for all)"), min_value=1)
QUIET_HOURS = Option("quiet", "word", N_("quiet hours in UTC, e.g. 22-7, or off"))


def parse(text: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for token in clean_tokens(text):
        key, _sep, raw = token.rpartition("=") if "=" in token else ("", "", token)
        key = key.lower() or _bare_key(raw)
        if key in args:
            raise UsageError(_("You gave {key} twice; give it once.", key=key), EXAMPLE)
        args[key] = _value(key, raw)
    return args


def _bare_key(raw: str) -> str:
    if raw.lower() in SWITCHES:
        return "switch"
    if POSITION_ID.fullmatch(raw):
        return "id"
    raise UsageError(_("I didn't understand '{word}' here. Try /alerts on, /alerts 5 at=15% or /alerts quiet=22-7.",
                       word=raw[:24]), EXAMPLE)


def _value(key: str, raw: str) -> Any:
    low = raw.lower()
    if key == "switch" and low in SWITCHES:
        return low
    if key == "id" and (match := POSITION_ID.fullmatch(raw)):
        return int(match.group(1))
    if key in ("at", "within"):
        return None if low == "default" else _rate(key, raw)
    if key == "quiet":
        return None if low in ("off", "none") else _quiet(raw)
    given = f"{key[:16]}={raw[:16]}"
    raise UsageError(_("/alerts doesn't take '{given}'. Try on, off, at=15%, within=3% or quiet=22-7.", given=given),
                     EXAMPLE)


# What read_rate calls each level in its errors (spoken there).
LEVEL_NAMES = {"at": N_("alert level at="), "within": N_("alert level within=")}


def _rate(key: str, raw: str) -> Decimal:
    value = read_rate(raw if raw.endswith("%") else raw + "%", LEVEL_NAMES[key])
    low, high = LEVEL_RANGE if key == "at" else WITHIN_RANGE
    if not low <= value <= high:
        raise UsageError(_("{key}= must be between {low} and {high}.", key=key, low=display.pct(low * 100),
                           high=display.pct(high * 100)),
                         f"/alerts {key}={'15%' if key == 'at' else '3%'}")
    return value


def _quiet(raw: str) -> tuple[int, int]:
    match = QUIET.fullmatch(raw)
    start, end = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    if not (0 <= start <= 23 and 0 <= end <= 23) or start == end:
        raise UsageError(_("Quiet hours are two different UTC hours from 0 to 23, like quiet=22-7, or quiet=off."),
                         "/alerts quiet=22-7")
    return start, end


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    alerts = context.alerts
    if alerts is None or context.store is None or context.prices is None:
        return Reply(command="alerts", title=_("Alerts are off on this bot"), notes=(_(NO_ALERTS),), private=True)

    async def job(store: Any, owner: str) -> Reply:
        if not await store.has_consented(owner):
            return Reply(command="alerts", title=_("Alerts are for saved positions"),
                         notes=(_("Nothing was stored. {opt_in}", opt_in=_(OPT_IN)),
                                _("Then /save a position and send /alerts on.")),
                         result={"consent_required": True})
        if "id" in args:
            if "quiet" in args:
                raise UsageError(_("Quiet hours are for all your positions: leave out the position id."),
                                 "/alerts quiet=22-7")
            changes = {k: args[k] for k in ("at", "within") if k in args}
            if "switch" in args and args["switch"] != "status":
                changes["muted"] = args["switch"] == "off"
            changed = await alerts.change_position(owner, args["id"], **_named(changes))
            if changed is None:
                return not_found("alerts", args["id"])
        else:
            changes = {k: args[k] for k in ("at", "within", "quiet") if k in args}
            if "switch" in args and args["switch"] != "status":
                changes["enabled"] = args["switch"] == "on"
            if changes:
                await alerts.change_settings(owner, **_named(changes))
        return await status(alerts, owner)

    return await with_store("alerts", N_("Couldn't change your alerts right now: storage is unavailable. Nothing was "
                                         "lost; try again in a moment."), context, invocation, job)


def _named(changes: dict[str, Any]) -> dict[str, Any]:
    return {("level" if key == "at" else key): value for key, value in changes.items()}


async def status(alerts: AlertPreferences, owner: str) -> Reply:
    settings, positions = await alerts.settings(owner), await alerts.positions(owner)
    lines = [Line(_("Level"), _level_text(settings.level, settings.within, default=True)),
             Line(_("Quiet hours"), _("{start} to {end} UTC", start=_hour(settings.quiet[0]),
                                      end=_hour(settings.quiet[1])) if settings.quiet else _("none"))]
    lines += [_position_line(p, settings) for p in positions]
    notes = ((_(DM_HINT),) if settings.enabled
             else (_("Alerts are off. /alerts on turns them on for your saved positions."),))
    if not positions:
        notes += (_("You have no saved positions yet: /save one to be alerted about it."),)
    return Reply(command="alerts", title=_("Alerts: on") if settings.enabled else _("Alerts: off"), lines=tuple(lines),
                 notes=notes, private=True,
                 result={"enabled": settings.enabled, "positions": [
                     {"id": p.position_id, "trigger": p.trigger, "liquidation": p.liquidation, "muted": p.muted}
                     for p in positions]})


def _hour(hour: int) -> str:
    return f"{hour:02d}:00"


def _level_text(level: Decimal | None, within: Decimal | None, default: bool = False) -> str:
    if within is not None:
        return _("mark within {distance} of the liquidation price", distance=display.pct(within * 100))
    if default and level is None:
        return _("{share} of the entry-to-liquidation distance left (default)", share=display.pct(DEFAULT_LEVEL * 100))
    shown = level if level is not None else DEFAULT_LEVEL
    return _("{share} of the entry-to-liquidation distance left", share=display.pct(shown * 100))


def _position_line(p: PositionAlert, settings: AlertSettings) -> Line:
    label = f"#{p.position_id} {p.symbol} {side_word(p.side)}"
    if p.liquidation is None:
        return Line(label, _("no liquidation price, so no alert"))
    liq = _("liq {price}", price=display.price(Decimal(str(p.liquidation))))
    if p.muted:
        return Line(label, _("{liquidation} · muted (/alerts {id} on)", liquidation=liq, id=p.position_id))
    if p.trigger is None:
        return Line(label, _("{liquidation} · alerts off", liquidation=liq))
    trigger = display.price(Decimal(str(p.trigger)))
    alert = (_("{liquidation} · alert at {price} (its own)", liquidation=liq, price=trigger)
             if p.level is not None or p.within is not None
             else _("{liquidation} · alert at {price}", liquidation=liq, price=trigger))
    return Line(label, alert if p.armed else _("{alert} · alerted, re-arms when the mark moves away", alert=alert))


COMMAND = Command(
    name="alerts",
    summary=N_("Private alerts when a saved position nears liquidation: on, off, levels, quiet hours"),
    options=(SWITCH, POSITION, AT, WITHIN, QUIET_HOURS),
    examples=(EXAMPLE, "/alerts at=15%", "/alerts 5 within=3%", "/alerts quiet=22-7", "/alerts off"),
    run=run,
    accepts_free_text=False,
    parser=parse,
    private=True,
)
