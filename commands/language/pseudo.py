"""The pseudo-locale: every catalogued template wrapped and accented, placeholders kept.

`Liquidation: {price}` becomes `⟦Ĺíǫúíðàţíöñ: {price}⟧`. Run a reply under it and any plain English
left is text that never went through the catalogue; a `⟦` without its `⟧` shows a translation cut
short. What a translator keeps as it is stays as it is here too: `{placeholders}`, `/commands`,
`option=` keys and upper-case tickers (`BTC`, `USDT`).
"""

from __future__ import annotations

import re

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥíĵķĺɱñöþǫŕšţúṽŵẋýžÀƁÇÐÉƑĜĤÍĴĶĹṀÑÖṖǪŔŠŢÚṼŴẊÝŽ",
)
# Kept as written: placeholders, commands, option keys, tickers and other all-capital words.
_KEPT = re.compile(r"\{[^{}]*\}|/[a-z_]+|[A-Za-z_]+=|\b[A-Z][A-Z0-9]+\b")
OPEN, CLOSE = "⟦", "⟧"


def pseudo_text(template: str) -> str:
    """`template` accented outside what a translator keeps, and wrapped."""
    out, at = [], 0
    for kept in _KEPT.finditer(template):
        out += [template[at:kept.start()].translate(_ACCENTS), kept.group()]
        at = kept.end()
    out.append(template[at:].translate(_ACCENTS))
    return OPEN + "".join(out) + CLOSE
