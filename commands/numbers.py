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
"""

from __future__ import annotations

import re
from decimal import Decimal

from commands.errors import UsageError

MAX_TOKEN = 32
NUMBER = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,15})(\.[0-9]{1,12})?([kmb])?", re.ASCII | re.IGNORECASE)
SCALE = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}
LIMIT = Decimal(10) ** 15


def looks_numeric(token: str) -> bool:
    """True for anything a person meant as a number, valid or not (digits of any script, `nan`)."""
    t = token.lower()
    return bool(t) and (t[0].isdigit() or t[0] in "+-." and len(t) > 1 and (t[1].isdigit() or t[1] == ".")
                        or t in {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "snan"})


def read_number(token: str, what: str) -> Decimal:
    if len(token) > MAX_TOKEN:
        raise UsageError(f"The {what} '{token[:12]}…' is too long to be a number.")
    if not token.isascii():
        raise UsageError(f"Write the {what} with the digits 0-9 (got '{token}').")
    match = NUMBER.fullmatch(token)
    if match is None:
        hint = ""
        if "," in token and "." in token and token.rfind(",") > token.rfind("."):
            hint = " Use a dot for decimals, e.g. 60000.5."
        elif "," in token:
            hint = " Commas only separate thousands (60,000); use a dot for decimals."
        elif "e" in token.lower() and token.lower() not in ("inf",):
            hint = " Write it out in full; scientific notation is not accepted."
        raise UsageError(f"I couldn't read '{token}' as the {what}.{hint}")
    whole, frac, suffix = match.groups()
    value = Decimal(whole.replace(",", "") + (frac or ""))
    if suffix:
        value *= SCALE[suffix.lower()]
    if value >= LIMIT:
        raise UsageError(f"The {what} {token} is too large.")
    return value


def read_rate(token: str, what: str) -> Decimal:
    """`0.5%` -> 0.005; `0.005` -> 0.005. A bare number of 1 or more is ambiguous and refused."""
    if token.endswith("%"):
        value = read_number(token[:-1], what) / 100
    else:
        value = read_number(token, what)
        if value >= 1:
            raise UsageError(f"Write the {what} as a percentage ({token}%) or a fraction below 1.")
    if value >= 1:
        raise UsageError(f"The {what} must be below 100%.")
    return value


def read_positive(token: str, what: str) -> Decimal:
    value = read_number(token, what)
    if value <= 0:
        raise UsageError(f"The {what} must be more than zero.")
    return value
