"""Reading the moderator commands' arguments: settings, durations, a template, a free-text warning.

These commands bring their own parser (registry `Command.parser`) because one of their values is a
sentence: `/set warning=Please keep it under 10x` takes the rest of the line, and on Discord the
text option arrives after the typed options as plain words (`/set nudge=on Please keep ...`).
Everything else is `key=value` or a bare word, with the same strictness as the main grammar: an
unknown key or a value out of range is refused with the right form, never guessed.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from commands.errors import UsageError
from commands.grammar import LEVERAGE, clean_tokens, venue_words
from commands.language.languages import LANGUAGES, normalise
from core.i18n import N_, _
from core.venues import ALIASES

SET_EXAMPLE = "/set venue=bybit threshold=20 nudge=on cooldown=30m"
RISKWARN_EXAMPLE = "/riskwarn ladder every=12h"
DEFAULT = "default"
SWITCH = {"on": True, "yes": True, "off": False, "no": False}
DURATION = re.compile(r"([0-9]{1,4})(s|m|h|d)", re.ASCII | re.I)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_WARNING = 300
THRESHOLD_RANGE = (Decimal(2), Decimal(200))
COOLDOWN_RANGE = (timedelta(minutes=1), timedelta(days=7))
EVERY_RANGE = (timedelta(hours=1), timedelta(days=7))
NUMBER_STYLES = ("regional", "canonical")
TEMPLATES = ("basics", "modes", "liq", "ladder", "custom")
KEY = re.compile(r"([A-Za-z_]{1,24})=(.*)", re.S)
# A duration's refusals, one whole sentence per kind of duration (a translated noun glued into a
# sentence would not agree with it); keyed by the `what` callers pass (commands/terms/funding.py too).
DURATION_ERRORS = {
    "cooldown": (N_("I couldn't read '{raw}' as a cooldown. Write it like 30m, 6h or 2d."),
                 N_("A cooldown must be between {low} and {high}.")),
    "schedule interval": (N_("I couldn't read '{raw}' as a schedule interval. Write it like 30m, 6h or 2d."),
                          N_("A schedule interval must be between {low} and {high}.")),
    "funding interval": (N_("I couldn't read '{raw}' as a funding interval. Write it like 30m, 6h or 2d."),
                         N_("A funding interval must be between {low} and {high}.")),
    "hold": (N_("I couldn't read '{raw}' as a hold. Write it like 30m, 6h or 2d."),
             N_("A hold must be between {low} and {high}.")),
}


def duration(raw: str, what: str, bounds: tuple[timedelta, timedelta], example: str) -> timedelta:
    """`raw` (30m, 6h, 2d) within `bounds`. `what` is the English name (marked N_ by the caller):
    it picks the whole refusal sentences of DURATION_ERRORS, else is spoken in the generic one."""
    match = DURATION.fullmatch(raw)
    low, high = bounds
    unreadable, out_of_range = DURATION_ERRORS.get(what, (
        N_("I couldn't read '{raw}' as a {what}. Write it like 30m, 6h or 2d."),
        N_("A {what} must be between {low} and {high}.")))
    if match is None:
        raise UsageError(_(unreadable, raw=raw[:16], what=_(what)), example)
    value = timedelta(seconds=int(match.group(1)) * UNIT_SECONDS[match.group(2).lower()])
    if not low <= value <= high:
        raise UsageError(_(out_of_range, low=span(low), high=span(high), what=_(what)), example)
    return value


def span(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _setting(key: str, raw: str) -> tuple[str, Any]:
    low = raw.lower()
    if key == "venue":
        if low == DEFAULT:
            return "default_venue", None
        if low not in ALIASES:
            raise UsageError(_("I don't know the venue '{venue}'. Try {venues}.", venue=raw[:16], venues=venue_words()),
                             SET_EXAMPLE)
        return "default_venue", ALIASES[low]
    if key == "threshold":
        if low == DEFAULT:
            return "leverage_threshold", None
        match = LEVERAGE.fullmatch(raw if low.endswith(("x", "×")) else raw + "x")
        value = Decimal(match.group(1) or match.group(2)) if match else None
        if value is None or not THRESHOLD_RANGE[0] <= value <= THRESHOLD_RANGE[1]:
            raise UsageError(_("threshold= is a leverage between 2x and 200x, e.g. threshold=20."), SET_EXAMPLE)
        return "leverage_threshold", value
    if key == "nudge":
        if low == DEFAULT:
            return "nudge", None
        if low not in SWITCH:
            raise UsageError(_("nudge= is on or off."), SET_EXAMPLE)
        return "nudge", SWITCH[low]
    if key == "charts":
        if low == DEFAULT:
            return "charts", None
        if low not in SWITCH:
            raise UsageError(_("charts= is on or off."), SET_EXAMPLE)
        return "charts", SWITCH[low]
    if key == "cooldown":
        if low == DEFAULT:
            return "nudge_cooldown", None
        return "nudge_cooldown", int(duration(raw, "cooldown", COOLDOWN_RANGE, SET_EXAMPLE).total_seconds())
    if key in ("lang", "language"):
        return "language", _language(raw)
    if key == "numbers":
        if low == DEFAULT:
            return "numbers", None
        if low not in NUMBER_STYLES:
            raise UsageError(_("numbers= is regional (the language's own separators) or canonical ({sample}).",
                               sample="57,831.33"), "/set numbers=regional")
        return "numbers", low
    raise UsageError(_("There is no setting '{key}'. Settings: venue, threshold, nudge, cooldown, charts, "
                       "lang, numbers, warning.", key=key[:16]),
                     SET_EXAMPLE)


def _language(raw: str) -> str | None:
    """A group language: one riskbot speaks (codes in any case, `pt-br`, `zh`), or none (auto, off)."""
    if raw.lower() in (DEFAULT, "auto", "off"):
        return None
    code = normalise(raw)
    if code not in LANGUAGES:
        raise UsageError(_("lang= is one of {codes}, or auto to clear it.", codes=", ".join(LANGUAGES)), "/set lang=ru")
    return code


def _warning(words: list[str]) -> str | None:
    text = " ".join(words).strip()
    if text.lower() == DEFAULT:
        return None
    if not text:
        raise UsageError(_("warning= needs the text to show, e.g. /set warning=Keep leverage under 10x here."),
                         SET_EXAMPLE)
    if len(text) > MAX_WARNING:
        raise UsageError(_("The warning is {length} characters; keep it under {limit}.",
                           length=len(text), limit=MAX_WARNING), SET_EXAMPLE)
    return text


def parse_set(text: str) -> dict[str, Any]:
    """`/set` arguments -> {setting name: new value or None (back to the bot's default)}."""
    tokens = clean_tokens(text)
    changes: dict[str, Any] = {}
    for index, token in enumerate(tokens):
        match = KEY.fullmatch(token)
        if match is None:
            # Discord's text option arrives as plain words after the typed ones. A lone word is
            # more likely a forgotten key than a warning, so it is refused, not stored.
            rest = tokens[index:]
            if len(rest) < 2:
                raise UsageError(_("I didn't understand '{token}'. Settings are key=value.", token=token[:24]),
                                 SET_EXAMPLE)
            changes["warning_text"] = _warning(rest)
            break
        key, raw = match.group(1).lower(), match.group(2)
        if key == "warning":
            changes["warning_text"] = _warning([raw, *tokens[index + 1:]])
            break
        if not raw:
            raise UsageError(_("'{key}=' needs a value.", key=key), SET_EXAMPLE)
        name, value = _setting(key, raw)
        if name in changes and changes[name] != value:
            raise UsageError(_("You gave {key}= twice.", key=key), SET_EXAMPLE)
        changes[name] = value
    if not changes:
        raise UsageError(_("What should change? Give one or more settings; 'default' resets one."), SET_EXAMPLE)
    return changes


def parse_riskwarn(text: str) -> dict[str, Any]:
    """`/riskwarn [template] [every=6h | stop]` -> {"template": ..., "every": timedelta | "stop"}."""
    args: dict[str, Any] = {}
    for token in clean_tokens(text):
        match = KEY.fullmatch(token)
        key, raw = (match.group(1).lower(), match.group(2)) if match else (None, token)
        low = raw.lower()
        if key in (None, "template") and low in TEMPLATES:
            name, value = "template", low
        elif (key is None and low == "stop") or (key == "every" and low in ("off", "stop")):
            name, value = "every", "stop"
        elif key == "every":
            name, value = "every", duration(raw, "schedule interval", EVERY_RANGE, RISKWARN_EXAMPLE)
        else:
            raise UsageError(_("I didn't understand '{token}'. Templates: {templates}; every=6h schedules, "
                               "stop cancels.", token=token[:24], templates=", ".join(TEMPLATES)),
                             RISKWARN_EXAMPLE)
        if name in args and args[name] != value:   # `name` is the option key: template or every
            raise UsageError(_("You gave the {name} twice.", name=name), RISKWARN_EXAMPLE)
        args[name] = value
    return args


def parse_count(text: str) -> dict[str, Any]:
    """`/audit [N]`: how many entries, 1 to 25 (10 when not given)."""
    tokens = clean_tokens(text)
    if not tokens:
        return {}
    raw = tokens[0].removeprefix("n=").removeprefix("last=")
    if len(tokens) > 1 or not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 25:
        raise UsageError(_("Give how many entries to show, 1 to 25."), "/audit 10")
    return {"last": int(raw)}
