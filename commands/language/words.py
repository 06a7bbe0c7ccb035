"""The words traders type in their own language for a side or a margin mode, which the command
grammar (commands/grammar.py) reads next to the English ones: `/liq лонг BTC 60000 25x изолированная`
is `/liq long BTC 60000 25x isolated`. docs/glossary/*.md list them under "Typed input".

Every language's words are read whatever language the asker speaks (a Spanish speaker in a Russian
group types both), so no word may mean two things across the lists. Only words that name a side or
a mode and nothing else are here: bare 多/空 ("many"/"empty"), Turkish al/sat and two-word phrases
(«cô lập», «изолированная маржа»: the grammar reads one token at a time) are not. A word here wins
over a ticker of the same spelling, so ASCII spellings were checked against the listed contracts:
Vietnamese `ban` is left out (BAN is a perpetual), only `bán` means short.
"""

from __future__ import annotations

import unicodedata

LONG, SHORT = 1, -1
ISOLATED, CROSS = "isolated", "cross"

SIDE_WORDS: dict[str, int] = {
    # ru
    "лонг": LONG, "покупка": LONG, "шорт": SHORT, "продажа": SHORT,
    # zh-CN
    "做多": LONG, "开多": LONG, "多单": LONG, "买入": LONG,
    "做空": SHORT, "开空": SHORT, "空单": SHORT, "卖出": SHORT,
    # es and pt-BR (compra is long in both)
    "largo": LONG, "compra": LONG, "comprado": LONG,
    "corto": SHORT, "venta": SHORT, "venda": SHORT, "vendido": SHORT,
    # tr (kisa: typed without the Turkish ı)
    "uzun": LONG, "kısa": SHORT, "kisa": SHORT,
    # vi
    "mua": LONG, "bán": SHORT,
}

MODE_WORDS: dict[str, str] = {
    # ru
    "изолированная": ISOLATED, "изолированный": ISOLATED, "изол": ISOLATED,
    "кросс": CROSS, "кросс-маржа": CROSS,
    # zh-CN
    "逐仓": ISOLATED, "全仓": CROSS,
    # es and pt-BR
    "aislado": ISOLATED, "aislada": ISOLATED, "isolado": ISOLATED, "isolada": ISOLATED,
    "cruzado": CROSS, "cruzada": CROSS,
    # tr (capraz: typed without the Turkish ç)
    "izole": ISOLATED, "çapraz": CROSS, "capraz": CROSS,
    # vi («cô lập» is two words)
    "chéo": CROSS,
}


def fold(token: str) -> str:
    """`token` as the lists spell it: composed (NFKC, so a decomposed `bán` or a full-width word
    matches), case-folded, and with the dot Turkish İ keeps when folded (`İZOLE` -> `izole`)."""
    if token.isascii():
        return token.lower()
    return unicodedata.normalize("NFKC", token).casefold().replace("i\u0307", "i")


def side_word(token: str) -> int | None:
    return SIDE_WORDS.get(fold(token))


def mode_word(token: str) -> str | None:
    return MODE_WORDS.get(fold(token))
