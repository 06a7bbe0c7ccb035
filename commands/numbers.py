"""Strict readers for numbers typed in chat: one policy for every platform.

Policy (also in the README):
- ASCII digits only. Arabic-Indic, fullwidth, superscript and other Unicode digits are refused
  with a hint, never silently converted (NFKC turns `60000²` into `600002`).
- Forms: `60000`, `60000.5`, `60,000` and `60,000.5` (commas only as exact groups of three),
  suffixes `k`, `m`, `b`. Refused: `60.000,5`, `60000,5`, `1_000`, `0x10`, scientific `6e4`,
  `nan`, `inf`.
- Lengths and magnitudes are bounded before `Decimal` sees the text, so `1e999999999` or a
  4,000-digit number costs microseconds, not seconds.
- Rates (`mmr`, `fee`, `risk`) take `%`; without it they are fractions below 1.

`what` names the number in the message ("the fill price"): callers mark it with `N_` where they
name it, and it is spoken here with `_` in the asker's language (an option key like `mmr` stays).
"""

from __future__ import annotations

import re
from decimal import Decimal

from commands.errors import UsageError
from core.i18n import N_, _

MAX_TOKEN = 32
NUMBER = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(\.[0-9]{1,12})?([kmb])?", re.ASCII | re.IGNORECASE)
SCALE = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}
LIMIT = Decimal(10) ** 15


def looks_numeric(token: str) -> bool:
    """True for anything a person meant as a number, valid or not (digits of any script, `nan`)."""
    t = token.lower()
    return bool(t) and (t[0].isdigit() or t[0] in "+-." and len(t) > 1 and (t[1].isdigit() or t[1] == ".")
                        or t in {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "snan"})


HINTS = {"decimal_comma": N_("I couldn't read '{token}' as the {what}. Use a dot for decimals, e.g. 60000.5."),
         "comma": N_("I couldn't read '{token}' as the {what}. Commas only separate thousands (60,000); use a dot "
                     "for decimals."),
         "exponent": N_("I couldn't read '{token}' as the {what}. Write it out in full; scientific notation is not "
                        "accepted."),
         None: N_("I couldn't read '{token}' as the {what}.")}


def _unread(token: str) -> str | None:
    """Which hint fits a token the pattern refused."""
    if "," in token and "." in token and token.rfind(",") > token.rfind("."):
        return "decimal_comma"
    if "," in token:
        return "comma"
    if "e" in token.lower() and token.lower() not in ("inf",):
        return "exponent"
    return None


def read_number(token: str, what: str) -> Decimal:
    if len(token) > MAX_TOKEN:
        raise UsageError(_("The {what} '{token}…' is too long to be a number.", what=_(what), token=token[:12]))
    if not token.isascii():
        raise UsageError(_("Write the {what} with the digits 0-9 (got '{token}').", what=_(what), token=token))
    match = NUMBER.fullmatch(token)
    if match is None:
        raise UsageError(_(HINTS[_unread(token)], token=token, what=_(what)))
    whole, frac, suffix = match.groups()
    value = Decimal(whole.replace(",", "") + (frac or ""))
    if suffix:
        value *= SCALE[suffix.lower()]
    if value >= LIMIT:
        raise UsageError(_("The {what} {token} is too large.", what=_(what), token=token))
    return value


def read_rate(token: str, what: str) -> Decimal:
    """`0.5%` -> 0.005; `0.005` -> 0.005. A bare number of 1 or more is ambiguous and refused."""
    if token.endswith("%"):
        value = read_number(token[:-1], what) / 100
    else:
        value = read_number(token, what)
        if value >= 1:
            raise UsageError(_("Write the {what} as a percentage ({token}%) or a fraction below 1.", what=_(what),
                               token=token))
    if value >= 1:
        raise UsageError(_("The {what} must be below 100%.", what=_(what)))
    return value


def read_positive(token: str, what: str) -> Decimal:
    value = read_number(token, what)
    if value <= 0:
        raise UsageError(_("The {what} must be more than zero.", what=_(what)))
    return value
