"""Reading a posted trading signal (Cornix-style, plain text, emoji-decorated, Russian or Spanish
wording) into its fields, so /plan can size it. Pure: text in, a `Signal` or a UsageError out.

The reader labels each number by the word before it (`Entry`, `Targets`, `Stop`, `Leverage`, and
their Russian and Spanish forms in commands/signals/words.py) and reports, for every field, the
words it was read from, so a misread is visible at once. It never guesses an entry or a stop:
without both the answer is "I couldn't find an entry and a stop in that message" and an example.

Hostile text is bounded before any work: at most 4,096 characters (a Telegram message), numbers
through the strict reader (ASCII digits, at most 32 characters, below 10^15; `1e1000000` and
`nan` are refused), HTML tags, @mentions, emoji and invisible format characters (bidi marks,
zero-width joiners) are dropped. A number the reader cannot use inside a field refuses the whole
message with that number named: a misread price is worse than no answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from commands.errors import UsageError
from commands.numbers import read_positive
from core.i18n import N_, _
from commands.signals.words import ENTRY, FILLERS, LEVERAGE, MODES, NOT_PAIRS, PHRASES, SIDES, STOP, TARGETS

MAX_TEXT = 4096
LIMITS = {ENTRY: 10, TARGETS: 20, STOP: 1, LEVERAGE: 2}
MAX_LEVERAGE = Decimal(200)
NOT_A_SIGNAL = N_("I couldn't find an entry and a stop in that message.")
# The same refusal when the message wrote its numbers in other digits: one whole sentence to translate.
NOT_A_SIGNAL_DIGITS = N_("I couldn't find an entry and a stop in that message. Write the numbers with the digits 0-9.")
EXAMPLE = "#BTC/USDT Long\nEntry: 60000 - 61000\nTargets: 62000 - 63000 - 65000\nStop: 58000\nLeverage: Cross 20x"

HTML_TAG = re.compile(r"<[^<>\n]{1,200}>")
KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")  # 1️⃣: an enumeration, not a number
MENTION = re.compile(r"(?<![0-9A-Za-z])@[A-Za-z_][A-Za-z0-9_]{0,31}", re.ASCII)
# `1)` anywhere, `1.` only at a line's start: `Stop: 95.` ends a sentence with a price.
ENUMERATION = re.compile(r"(?:(?<=\s)|^)\(?[0-9]{1,2}\)(?=\s)|^[ \t]*[0-9]{1,2}\.(?=\s)", re.MULTILINE | re.ASCII)
CYRILLIC_X = re.compile("(?<=[0-9])[хХ]|[хХ](?=[0-9])")
CYRILLIC_K = re.compile("(?<=[0-9])[кК](?![^\\W\\d_])")
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
TOKEN = re.compile(r"(?P<num>[0-9][0-9,.]*(?:e[-+]?[0-9]+)?[kx]?%?)|(?P<word>[^\W\d_]+[0-9]*)|(?P<sep>[@:\-~/|;=])",
                   re.IGNORECASE)
INDEXED = re.compile(r"([^\W\d_]+)([0-9]{1,2})")
LEVERAGE_WORD = re.compile(r"x([0-9]{1,3}(?:\.[0-9]{1,2})?)", re.ASCII | re.IGNORECASE)
PAIR = re.compile(r"(?<![0-9a-z])[#$]?([a-z0-9]{2,12}?)\s?[/_-]?\s?(usdt|usdc|busd|usd|perp)(?![a-z])",
                  re.ASCII | re.IGNORECASE)
TAG = re.compile(r"[#$]([a-z][a-z0-9]{1,11})(?![a-z0-9])", re.ASCII | re.IGNORECASE)
TICKER = re.compile(r"[A-Z][A-Z0-9]{1,9}", re.ASCII)


class Token(NamedTuple):
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ReadField:
    name: str
    seen: str  # the words the field was read from, as the message had them (emoji dropped)


@dataclass(frozen=True)
class Signal:
    pair: tuple[str, str | None] | None  # (base, quote), None when the message names none
    side: int
    side_stated: bool  # False: inferred from the stop below (long) or above (short) the entry
    entries: tuple[Decimal, ...]
    targets: tuple[Decimal, ...]
    stop: Decimal
    leverage: Decimal | None  # the highest stated, when a range is given: the nearest liquidation
    margin_mode: str | None
    seen: tuple[ReadField, ...]
    doubts: tuple[str, ...]  # inconsistencies worth showing (a stop on the wrong side...)

    @property
    def entry_low(self) -> Decimal:
        return min(self.entries)

    @property
    def entry_high(self) -> Decimal:
        return max(self.entries)

    @property
    def entry(self) -> Decimal:
        """The average of the stated entries: the midpoint of a range, the mean of a list."""
        return sum(self.entries, Decimal(0)) / len(self.entries)


def _visible(text: str) -> tuple[str, str]:
    """(shown, scanned): tags, keycaps and mentions out; emoji and other symbols become spaces,
    invisible format characters go, every dash is `-`. Letters of any script stay; digits of other
    scripts do not. The scanned copy also splits `Take-Profit` into two words and blanks list
    markers (`1)`); both changes keep every position, so a field's span is sliced from `shown`."""
    text = MENTION.sub(" ", KEYCAP.sub(" ", HTML_TAG.sub(" ", text)))
    kept = []
    for ch in text:
        if ch.isascii() or ch.isalpha() or ch.isspace():
            kept.append(ch)
        elif ch in DASHES:
            kept.append("-")
        elif ch == "\u00d7":
            kept.append("x")
        elif unicodedata.category(ch) != "Cf":
            kept.append(" ")
    shown = CYRILLIC_K.sub("k", CYRILLIC_X.sub("x", "".join(kept)))
    scanned = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", " ", shown)
    return shown, ENUMERATION.sub(lambda m: " " * len(m.group()), scanned)


def _tokens(text: str) -> list[Token]:
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "sep"
        raw = match.group()
        if kind == "num":
            raw = raw.rstrip(".,")
        tokens.append(Token(kind, raw, match.start(), match.start() + len(raw)))
    return tokens


def _phrase(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The field a label starting at token i names, and how many tokens the label takes."""
    for size in (3, 2, 1):
        words = tokens[i:i + size]
        if len(words) == size and all(t.kind == "word" for t in words):
            field = PHRASES.get(tuple(t.text.lower() for t in words))
            if field is not None:
                return field, size
    indexed = INDEXED.fullmatch(tokens[i].text.lower())  # TP1, Цель2
    if indexed and PHRASES.get((indexed.group(1),)) in (TARGETS, ENTRY, STOP):
        return PHRASES[(indexed.group(1),)], 1
    return None


def _number(token: Token, field: str) -> Decimal:
    text = token.text.rstrip("xX") if field == LEVERAGE else token.text
    try:
        value = read_positive(text, field if field != TARGETS else "target")
    except UsageError as error:
        raise UsageError(error.message, EXAMPLE) from None
    if field == LEVERAGE and not 1 <= value <= MAX_LEVERAGE:
        raise UsageError(_("The leverage {leverage} is not one a venue offers.", leverage=token.text[:24]), EXAMPLE)
    return value


def _is_index(tokens: list[Token], i: int, field: str | None, labelled: bool) -> bool:
    """`Target 1: 62000`, `TP 2 - 63000`: a small whole number right after a label is its number."""
    token = tokens[i]
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (labelled and field in (TARGETS, ENTRY, STOP) and token.text.isdigit() and int(token.text) <= 20
            and after is not None and (after.kind == "num" or after.text in (":", "-")))


class _Reading:
    """One walk over the tokens: each number goes to the field named last, until a word that is
    neither a label, a filler, a side nor a margin mode ends that field."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[str, list[Decimal]] = {ENTRY: [], TARGETS: [], STOP: [], LEVERAGE: []}
        self.spans: dict[str, list[int]] = {}
        self.side: int | None = None
        self.mode: str | None = None

    def _note(self, name: str, token: Token) -> None:
        span = self.spans.setdefault(name, [token.start, token.end])
        span[1] = max(span[1], token.end)

    def _add(self, field: str, token: Token, value: Decimal) -> None:
        if len(self.values[field]) < LIMITS[field]:
            self.values[field].append(value)
            self._note(field, token)

    def walk(self, tokens: list[Token]) -> None:
        field: str | None = None
        labelled = False
        skip = 0
        for i, token in enumerate(tokens):
            if skip:
                skip -= 1
                continue
            low = token.text.lower()
            if token.kind == "word":
                found = _phrase(tokens, i)
                if found is not None:
                    (field, size), labelled = found, True
                    skip = size - 1
                    self._note(field, token)
                elif low in SIDES or low in MODES:
                    name = "side" if low in SIDES else "margin mode"
                    if name not in self.spans:
                        self.side, self.mode = (SIDES[low], self.mode) if low in SIDES else (self.side, MODES[low])
                        self._note(name, token)
                elif LEVERAGE_WORD.fullmatch(low):
                    self._add(LEVERAGE, token, _number(Token("num", low[1:], token.start, token.end), LEVERAGE))
                elif low not in FILLERS:
                    field, labelled = None, False
                continue
            if token.kind == "sep":
                if low == "@" and not self.values[ENTRY]:
                    field, labelled = ENTRY, True
                    self._note(ENTRY, token)
                continue
            if low.endswith("%"):
                continue  # a percentage beside a price (+3%), not a price
            if low.endswith("x"):
                self._add(LEVERAGE, token, _number(token, LEVERAGE))
            elif field is not None and not _is_index(tokens, i, field, labelled):
                self._add(field, token, _number(token, field))
                if len(self.values[field]) >= LIMITS[field] and field in (STOP, LEVERAGE):
                    field = None
            labelled = False

    def seen(self) -> tuple[ReadField, ...]:
        order = ("pair", "side", ENTRY, TARGETS, STOP, LEVERAGE, "margin mode")
        return tuple(ReadField(name, " ".join(self.text[slice(*self.spans[name])].split())[:120])
                     for name in order if name in self.spans)


def _pair(reading: _Reading, text: str) -> tuple[str, str | None] | None:
    match = PAIR.search(text)
    if match and match.group(1).lower() not in SIDES:
        reading.spans["pair"] = [match.start(), match.end()]
        return match.group(1).upper(), match.group(2).upper()
    for match in TAG.finditer(text):
        if match.group(1).lower() not in NOT_PAIRS and (match.group(1).lower(),) not in PHRASES:
            reading.spans["pair"] = [match.start(), match.end()]
            return match.group(1).upper(), None
    words = text.split()
    for i, word in enumerate(words):  # `BTC LONG`, `LONG BTC`: a ticker beside the side
        near = words[max(0, i - 1):i] + words[i + 1:i + 2]
        if TICKER.fullmatch(word) and word.lower() not in SIDES and any(w.lower() in SIDES for w in near) \
                and (word.lower(),) not in PHRASES:
            start = text.index(word)
            reading.spans["pair"] = [start, start + len(word)]
            return word, None
    return None


def _doubts(side: int, entries: list[Decimal], targets: list[Decimal], stop: Decimal) -> tuple[str, ...]:
    """What /plan warns about (in the asker's language: read_signal runs inside the command)."""
    doubts = []
    if any((entry - stop) * side <= 0 for entry in entries):
        doubts.append(_("The stop is on the wrong side of the entry for a long.") if side > 0 else
                      _("The stop is on the wrong side of the entry for a short."))
    if any((target - entry) * side <= 0 for target in targets for entry in entries):
        doubts.append(_("A target is on the wrong side of the entry for a long.") if side > 0 else
                      _("A target is on the wrong side of the entry for a short."))
    return tuple(doubts)


def read_signal(text: str) -> Signal:
    """The fields of a posted signal, or a UsageError saying what is missing, with an example."""
    if len(text) > MAX_TEXT:
        raise UsageError(_("That message is too long to be a signal (over {limit} characters).", limit=MAX_TEXT),
                         EXAMPLE)
    shown, scanned = _visible(text)
    reading = _Reading(shown)
    reading.walk(_tokens(scanned))
    entries, stops = reading.values[ENTRY], reading.values[STOP]
    if not entries or not stops:
        foreign = any(ch.isdigit() and not ch.isascii() for ch in text)
        raise UsageError(_(NOT_A_SIGNAL_DIGITS if foreign else NOT_A_SIGNAL), EXAMPLE)
    stop, targets = stops[0], reading.values[TARGETS]
    side = reading.side
    if side is None:
        side = 1 if stop < min(entries) else -1
    pair = _pair(reading, shown)
    leverage = max(reading.values[LEVERAGE]) if reading.values[LEVERAGE] else None
    return Signal(pair, side, reading.side is not None, tuple(entries), tuple(targets), stop, leverage,
                  reading.mode, reading.seen(), _doubts(side, entries, targets, stop))
