"""One symbol resolver: what a trader types -> the venue's listed contract, or why there is none.

Accepted, case-insensitively: `SOL`, `SOLUSDT`, `SOL/USDT`, `SOL-USDT-SWAP`, `SOL-PERP`,
`SOLUSDT.P`, `BTC/USDT:USDT`, the venue's own symbol (`1000PEPEUSDT`, `kPEPE`, `BTCUSD_PERP`),
`BTCUSDC` or quote=USDC for a USDC contract, `BTCUSD` for the inverse (COIN-M) contract, and
`BTCUSDT_260626` for a quarterly. A bare coin means the venue's perpetual in its usual quote;
when the venue lists the coin only in 1,000-unit lots (`PEPE` -> `1000PEPEUSDT`), the result
names that contract and says the price is per 1,000 PEPE.

Nothing is guessed: an unknown symbol gets a message naming the table and its date and the
closest listed names (difflib); a delisted one says so; a quote the venue does not list for that
coin says which quotes it does list.

Resolutions are memoised per book and shared by askers of every language, so a message is kept as
a function that says it, and is spoken in the asker's language each time it is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Protocol

from core.i18n import _, _n
from core.markets.book import Book, Entry
from core.markets.model import INVERSE, LINEAR, Contract
from core.markets.naming import ONLY_QUOTE, QUOTES, default_quote, label, split_multiplier
from core.venues import VENUES



class Books(Protocol):
    """What the resolver reads from a catalogue (`core.markets.catalogue.Catalogue`)."""

    def book(self, venue: str, kind: str) -> Book | None: ...

    def kinds(self, venue: str) -> tuple[str, ...]: ...

_SUFFIXES = ("-SWAP", "-PERP", "_PERP", ".P", "PERP")
_SEPARATORS = re.compile(r"[/\-_:\s.]+")
_EXPIRY = re.compile(r"\d{6}")
MAJORS = ("BTC", "ETH", "SOL", "XRP", "BNB", "DOGE", "ADA", "PEPE", "HYPE", "LINK", "AVAX", "SUI")


@dataclass(frozen=True)
class Query:
    base: str
    quote: str | None
    expiry: str | None


Say = Callable[[], str]  # one sentence for the trader, spoken when called


@dataclass(frozen=True)
class Resolution:
    """`status`: `ok`, `delisted`, `not_listed` (incl. a quote the coin is not listed in), or
    `no_table` (riskbot has no table for that venue and kind at all). `message` is for the
    trader whenever the status is not ok; `note` says which contract was used and its price
    unit when it is."""

    query: str
    venue: str
    kind: str
    status: str
    contract: Contract | None = None
    said: tuple[Say, ...] = field(default=(), compare=False)  # the message's sentences, spoken by `message`
    closest: tuple[str, ...] = ()
    substituted_quote: str | None = None  # the quote asked for, when the venue has only another

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def message(self) -> str | None:
        return " ".join(say() for say in self.said) if self.said else None

    @property
    def note(self) -> str | None:
        c = self.contract
        if c is None or not self.ok:
            return None
        book = _(label(c.venue, c.kind))
        if self.substituted_quote:
            return _("{symbol} on {book}, price in {quote} per {unit} ({book} settle in {quote}, not {asked})",
                     symbol=c.symbol, book=book, quote=c.quote, unit=c.unit, asked=self.substituted_quote)
        return _("{symbol} on {book}, price in {quote} per {unit}", symbol=c.symbol, book=book, quote=c.quote,
                 unit=c.unit)


def parse_query(text: str) -> Query:
    """`sol-usdt-swap` -> (SOL, USDT, None); `BTCUSDT_260626` -> (BTC, USDT, 260626); `PEPE` ->
    (PEPE, None, None). Multiplier prefixes stay on the base (`1000PEPE`): the resolver tries
    the name as typed before reading them as a lot size."""
    t = text.strip().upper()
    for suffix in _SUFFIXES:
        if t.endswith(suffix) and len(t) > len(suffix):
            t = t[: -len(suffix)]
            break
    parts = [p for p in _SEPARATORS.split(t) if p] or [t]
    expiry = next((p for p in parts[1:] if _EXPIRY.fullmatch(p)), None)
    base = parts[0]
    quote = next((p for p in parts[1:] if p in QUOTES), None)
    if quote is None:
        for q in QUOTES:
            if base.endswith(q) and len(base) > len(q):
                base, quote = base[: -len(q)], q
                break
    return Query(base, quote, expiry)


def _kind(venue: str, kind: str | None, quote: str | None) -> str:
    if kind is not None:
        return kind
    has_inverse = venue in VENUES and VENUES[venue].rule(INVERSE) is not None
    return INVERSE if quote == "USD" and has_inverse else LINEAR


def _with_base(book: Book, text: str, q: Query) -> list[Entry]:
    entries = book.entries()
    found = [e for e in entries if e.naming.base.upper() == q.base]
    if found:
        return found
    base, mult = split_multiplier(q.base)
    if mult == 1 and text.strip()[:1] == "k" and len(q.base) > 1:  # Hyperliquid's k-prefix, on any venue
        base, mult = q.base[1:], 1000
    if mult == 1:
        return []
    return [e for e in entries if e.naming.base.upper() == base and e.naming.multiplier == mult]


def _preference(venue: str, kind: str):
    usual = default_quote(venue, kind)
    return lambda e: (not e.listed, e.naming.quote != usual, e.naming.expiry is not None, e.naming.multiplier, e.symbol)


def _not_found(book: Book, shown: str) -> Say:
    """`book.label` is spoken through the catalogue (core.markets.naming marks the names with words)."""
    name, as_of, count = book.label, book.info.as_of, len(book)
    if book.info.complete:
        return lambda: _("{shown} is not listed on {book} (table as of {as_of}).", shown=shown, book=_(name),
                         as_of=as_of)
    return lambda: _n("{shown} is not in riskbot's {book} table ({count} contract, as of {as_of}).",
                      "{shown} is not in riskbot's {book} table ({count} contracts, as of {as_of}).", count,
                      shown=shown, book=_(name), as_of=as_of)


def _closest(book: Book, base: str) -> tuple[str, ...]:
    import difflib  # only an unknown symbol needs it: kept off the start-up path
    pool = sorted({e.naming.base for e in book.entries() if e.listed})
    upper = {b.upper(): b for b in pool}
    return tuple(upper[m] for m in difflib.get_close_matches(base.upper(), list(upper), n=3, cutoff=0.6))


def resolve(catalogue: Books, text: str, venue: str, kind: str | None = None,
            quote: str | None = None) -> Resolution:
    """The contract `text` names on `venue`, or a Resolution saying why there is none."""
    if kind is not None:  # the liquidation path: answered from the memo without parsing again
        book = catalogue.book(venue, kind)
        hit = None if book is None else book.memo.get((text, kind, quote))
        if hit is not None:
            return hit
    shown = text.strip()[:32]
    q = parse_query(text)
    wanted = (quote.strip().upper() if quote else None) or q.quote
    kind = _kind(venue, kind, wanted)
    book = catalogue.book(venue, kind)
    if book is None:
        name = label(venue, kind)
        return Resolution(shown, venue, kind, "no_table",
                          said=(lambda: _("riskbot has no {book} tier table.", book=_(name)),))
    key = (text, kind, quote)
    hit = book.memo.get(key)
    if hit is not None:
        return hit
    return book.remember(key, _resolve(book, text, shown, q, venue, kind, wanted))


def _resolve(book: Book, text: str, shown: str, q: Query, venue: str, kind: str, wanted: str | None) -> Resolution:
    exact = book.by_name(text.strip())
    if exact is not None and (wanted is None or exact.quote == wanted or kind == INVERSE):
        return _found(book, shown, venue, kind, exact, None)
    entries = _with_base(book, text, q)
    if q.expiry is not None:
        entries = [e for e in entries if e.naming.expiry == q.expiry]
    substituted = None
    if wanted and kind == LINEAR and venue in ONLY_QUOTE and wanted in QUOTES and wanted != ONLY_QUOTE[venue]:
        substituted, wanted = wanted, ONLY_QUOTE[venue]
    if wanted and kind == LINEAR:
        quoted = [e for e in entries if e.naming.quote == wanted]
        if entries and not quoted:
            quotes = ", ".join(sorted({e.naming.quote for e in entries if e.listed}))
            name, as_of, asked = book.label, book.info.as_of, wanted
            return Resolution(shown, venue, kind, "not_listed", said=(lambda: _(
                "{shown} is not listed on {book}: it lists {base} against {quotes}, not {wanted} "
                "(table as of {as_of}).", shown=shown, book=_(name), base=q.base, quotes=quotes or _("no quote"),
                wanted=asked, as_of=as_of),), closest=tuple(e.symbol for e in entries if e.listed)[:3])
        entries = quoted
    if not entries:
        closest = _closest(book, split_multiplier(q.base)[0])
        said = (_not_found(book, shown),)
        if closest:
            names = ", ".join(closest)
            said += (lambda: _("Closest: {names}.", names=names),)
        return Resolution(shown, venue, kind, "not_listed", said=said, closest=closest)
    best = min(entries, key=_preference(venue, kind))
    contract = book.get(best.symbol)
    assert contract is not None
    return _found(book, shown, venue, kind, contract, substituted)


def _found(book: Book, shown: str, venue: str, kind: str, contract: Contract, substituted: str | None) -> Resolution:
    if not contract.listed:
        symbol, name, as_of = contract.symbol, book.label, contract.info.as_of
        return Resolution(shown, venue, kind, "delisted", contract, said=(lambda: _(
            "{symbol} was delisted from {book} (last table as of {as_of}).", symbol=symbol, book=_(name),
            as_of=as_of),))
    return Resolution(shown, venue, kind, "ok", contract, substituted_quote=substituted)


def _squash(text: str) -> str:
    return _SEPARATORS.sub("", text.upper())


def search(catalogue: Books, text: str, venue: str, kind: str | None = None, limit: int = 25) -> tuple[Contract, ...]:
    """Listed contracts for an autocomplete box: exact symbol or coin matches first, then prefix
    matches, then coins whose name contains the text; at most `limit` (Discord allows 25). Only contracts
    with a table are offered, so every suggestion can be answered."""
    needle = _squash(text)
    scored = []
    for k in (kind,) if kind else catalogue.kinds(venue):
        book = catalogue.book(venue, k)
        if book is None:
            continue
        usual = default_quote(venue, k)
        for e in book.entries():
            if not e.listed:
                continue
            sym, base = _squash(e.symbol), e.naming.base.upper()
            if not needle:
                rank = 0 if base in MAJORS else 1
            elif needle in (sym, base):
                rank = 0
            elif sym.startswith(needle) or base.startswith(needle):
                rank = 1
            elif needle in base:
                rank = 2
            else:
                continue
            major = MAJORS.index(base) if base in MAJORS else len(MAJORS)
            order = (e.naming.expiry is not None, e.naming.quote != usual, e.naming.multiplier, e.symbol)
            scored.append(((rank, k != LINEAR, major, *order), book, e.symbol))
    scored.sort(key=lambda item: item[0])
    out = []
    for _rank, book, symbol in scored[:limit]:
        contract = book.get(symbol)
        if contract is not None and contract.tiers:
            out.append(contract)
    return tuple(out)
