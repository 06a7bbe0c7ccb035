"""The words traders type in their own language (commands/language/words.py), read as the English
ones: each language's sides and margin modes give the same request as `long`/`short`/`isolated`/
`cross`, and what is left out (ambiguous words, tickers' spellings) stays out."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from commands.dispatch import dispatch
from commands.errors import UsageError
from commands.grammar import CONTRACTS, MODES, SIDES, parse
from commands.invocation import Invocation
from commands.language.words import MODE_WORDS, SIDE_WORDS
from commands.registry import find
from core.venues import ALIASES

LIQ = find("liq")
GLOSSARIES = Path(__file__).resolve().parents[2] / "docs" / "glossary"


def spec(side: int, mode: str) -> dict:
    return {"side": side, "symbol": ("BTC", "USDT"), "price": Decimal(60000), "leverage": Decimal(25), "mode": mode}


@pytest.mark.parametrize("text,side,mode", [
    ("лонг BTCUSDT 60000 25x изолированная", 1, "isolated"),
    ("ШОРТ BTCUSDT 60000 25x Кросс", -1, "cross"),
    ("Покупка BTCUSDT 60000 25x изол", 1, "isolated"),
    ("продажа BTCUSDT 60000 25x кросс-маржа", -1, "cross"),
    ("做多 BTCUSDT 60000 25x 逐仓", 1, "isolated"),
    ("做空 BTCUSDT 60000 25x 全仓", -1, "cross"),
    ("开多 BTCUSDT 60000 25x 全仓", 1, "cross"),
    ("卖出 BTCUSDT 60000 25x 逐仓", -1, "isolated"),
    ("largo BTCUSDT 60000 25x aislado", 1, "isolated"),
    ("CORTO BTCUSDT 60000 25x cruzado", -1, "cross"),
    ("compra BTCUSDT 60000 25x aislada", 1, "isolated"),
    ("comprado BTCUSDT 60000 25x isolada", 1, "isolated"),
    ("Vendido BTCUSDT 60000 25x cruzada", -1, "cross"),
    ("venda BTCUSDT 60000 25x isolado", -1, "isolated"),
    ("uzun BTCUSDT 60000 25x İZOLE", 1, "isolated"),
    ("KISA BTCUSDT 60000 25x ÇAPRAZ", -1, "cross"),
    ("kisa BTCUSDT 60000 25x capraz", -1, "cross"),
    ("Kısa BTCUSDT 60000 25x İzole", -1, "isolated"),
    ("mua BTCUSDT 60000 25x isolated", 1, "isolated"),
    ("BÁN BTCUSDT 60000 25x chéo", -1, "cross"),
    ("ba\u0301n BTCUSDT 60000 25x che\u0301o", -1, "cross"),   # decomposed, as some keyboards send it
    ("side=лонг symbol=BTCUSDT price=60000 leverage=25 mode=逐仓", 1, "isolated"),
    ("side=kısa symbol=BTCUSDT price=60000 leverage=25 mode=cruzado", -1, "cross"),
])
def test_local_words_give_the_english_request(text, side, mode):
    english = f"{'long' if side == 1 else 'short'} BTCUSDT 60000 25x {mode}"
    assert parse(text, LIQ) == parse(english, LIQ) == spec(side, mode)


async def test_a_russian_liq_answers_as_the_english_one():
    russian = await dispatch(Invocation(text="/liq лонг BTC 60000 25x изолированная"))
    english = await dispatch(Invocation(text="/liq long BTC 60000 25x isolated"))
    assert russian.ok and russian.headline.value == english.headline.value == "57,831.33"
    assert russian.title == english.title


@pytest.mark.parametrize("text,needle", [
    ("long BTC 60000 25x 多", "多"),            # bare 多/空 mean "many"/"empty" too: not a side
    ("long BTC 60000 25x 空", "空"),
    ("лонг BTC 60000 25x шорт", "as the side"),  # contradictions are refused in any language
    ("долг BTC 60000 25x", "symbol"),            # a near miss is not a side
    ("long BTC 60000 25x side=多", "should be long or short"),
    ("long BTC 60000 25x mode=кроссовки", "should be isolated or cross"),
    ("long BTC ６００００ 25x", "digits 0-9"),     # the words' normalisation never reaches numbers
])
def test_what_is_not_a_side_or_mode_is_refused(text, needle):
    with pytest.raises(UsageError) as caught:
        parse(text, LIQ)
    assert needle in caught.value.message


def test_a_ticker_spelled_like_an_unaccented_word_stays_a_ticker():
    assert parse("short BAN 0.05 5x", LIQ)["symbol"] == ("BAN", None)
    assert parse("bán BAN 0.05 5x", LIQ)["side"] == -1


def test_no_word_means_two_things():
    english = set(SIDES) | set(MODES) | set(CONTRACTS) | set(ALIASES) | {"confirm", "explain", "chart"}
    assert not set(SIDE_WORDS) & set(MODE_WORDS)
    assert not (set(SIDE_WORDS) | set(MODE_WORDS)) & english
    for word in [*SIDE_WORDS, *MODE_WORDS]:
        assert word == unicodedata.normalize("NFC", word).casefold(), word   # stored as fold() finds it


def _typed_input(path: Path) -> dict[str, set[str]]:
    """The "Typed input" table of a glossary: meaning -> the words it lists (parenthesised
    spellings included, explanations after a dash left out)."""
    section = path.read_text("utf-8").split("## Typed input", 1)[1]
    table: dict[str, set[str]] = {}
    for meaning, words in re.findall(r"^\| (side long|side short|isolated|cross) \| (.*?) \|$", section, re.M):
        words = words.split("—")[0].replace("(", ",").replace(")", ",")
        table[meaning] = {w.strip() for w in words.split(",") if w.strip()}
    return table


def test_the_glossaries_list_exactly_the_words_read():
    listed: dict[str, set[str]] = {"side long": set(), "side short": set(), "isolated": set(), "cross": set()}
    for path in sorted(GLOSSARIES.glob("*.md")):
        if path.name != "README.md":
            for meaning, words in _typed_input(path).items():
                listed[meaning] |= words
    assert listed["side long"] == {w for w, side in SIDE_WORDS.items() if side == 1}
    assert listed["side short"] == {w for w, side in SIDE_WORDS.items() if side == -1}
    assert listed["isolated"] == {w for w, mode in MODE_WORDS.items() if mode == "isolated"}
    assert listed["cross"] == {w for w, mode in MODE_WORDS.items() if mode == "cross"}
