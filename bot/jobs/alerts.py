"""The job that warns traders privately when a saved position nears its liquidation price.

Each `tick()`:
1. recomputes alert-index rows that changed since the last tick (bot/storage/sqlite/alerts.py);
2. lists the markets (venue, contract, symbol) that have alerting positions, and asks the price
   feed for each one's mark, all at once; the feed makes one request per market (Hyperliquid: one
   for all its coins) however many positions hold it;
3. per priced market, claims the positions whose trigger the mark has reached on this tick AND
   the one before (an indexed range search, not a scan), skipping those disarmed by hysteresis,
   alerted within the repeat window, or in their owner's quiet hours. Two consecutive good ticks,
   because a claim is final for the repeat window: one bad tick that slipped past the feed's
   plausibility check (bot/prices/plausible.py) must not spend it. A market with no good mark on
   a tick (held, unavailable, backing off) starts counting again, and so does a restarted job;
   a genuine crossing alerts one poll later than it could, never not at all;
4. sends each one the position card with the mark and the distance left, as a direct message
   through the owner's platform (bot/messenger.py), then confirms or releases the claim.

A venue that fails is logged and left alone for a back-off that doubles per failure (one poll
interval, two, four... up to `max_backoff`); other venues carry on. Nothing a tick meets, a
storage error included, escapes `run()`: it logs and tries again at the next poll. The clock is
injected and `tick()` is public, so tests drive it by hand.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bot.messenger import Messenger
from bot.prices.feed import HttpPriceFeed
from bot.storage.sqlite.worker import Clock, utc_now
from bot.storage.sqlite.alerts import DueAlert, Market, SqliteAlertStore
from commands import display
from commands.calculators.position_reply import side_word
from commands.context import Context
from commands.errors import UsageError
from commands.saved.store_port import PositionStore, StorageUnavailable, StoredPosition
from commands.calculators.price_port import MarkPrice, PriceFeed, PriceUnavailable
from commands.reply import Line, Reply
from commands.saved.common import card, delisted
from commands.language.catalogues import speech_for
from commands.language.languages import normalise
from core.i18n import Speech, _, speaking

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0
REPEAT = timedelta(hours=6)
MAX_BACKOFF = 600.0


@dataclass
class TickReport:
    markets: int = 0
    priced: int = 0
    sent: int = 0
    failed_venues: list[str] = field(default_factory=list)


@dataclass
class _Backoff:
    failures: int = 0
    retry_at: datetime | None = None


def with_live_prices(settings: Any, context: Context) -> tuple[Context, HttpPriceFeed]:
    """The bot-wide context with a price feed on the configured hosts (made inside the running
    loop, whose connections it keeps); the caller closes the feed when the bot stops."""
    feed = HttpPriceFeed(settings.price_base_urls())
    return replace(context, prices=feed), feed


def alert_tasks(settings: Any, context: Context, messengers: Mapping[str, Messenger],
                stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """The alert job as a task running until `stop`, when the bot has a database and prices."""
    if not hasattr(context.alerts, "claim_due") or context.store is None or context.prices is None:
        return []
    job = AlertJob(context.alerts, context.store, context.prices, messengers, context,
                   poll_seconds=settings.alert_poll_seconds, repeat=timedelta(hours=settings.alert_repeat_hours))
    return [asyncio.create_task(job.run(stop), name="price-alerts")]


class AlertJob:
    def __init__(self, alerts: SqliteAlertStore, positions: PositionStore, prices: PriceFeed,
                 messengers: Mapping[str, Messenger], context: Context, *, clock: Clock = utc_now,
                 poll_seconds: float = POLL_SECONDS, repeat: timedelta = REPEAT,
                 max_backoff: float = MAX_BACKOFF) -> None:
        self.alerts, self.positions, self.prices = alerts, positions, prices
        self.messengers, self.context, self.clock = messengers, context, clock
        self.poll_seconds, self.repeat, self.max_backoff = poll_seconds, repeat, max_backoff
        self._backoff: dict[tuple[str, str], _Backoff] = {}
        self._previous: dict[Market, MarkPrice] = {}   # the last tick's good marks

    async def start(self) -> None:
        """Re-arm alerts a previous process claimed but never confirmed (it died mid-send)."""
        recovered = await self.alerts.recover()
        if recovered:
            log.warning("alerts: %d alert(s) interrupted by the last shutdown will be sent again", recovered)

    async def tick(self) -> TickReport:
        now = self.clock()
        report = TickReport()
        await self.alerts.refresh()
        markets = await self.alerts.markets()
        report.markets = len(markets)
        ready = [m for m in markets if self._may_ask(m, now)]
        asked = await asyncio.gather(*(self._mark(m, now, report) for m in ready))
        marks = {market: mark for market, mark in zip(ready, asked) if mark is not None}
        report.priced = len(marks)
        # (previous, current) for each market priced on this tick and the last. The poll (>= 5 s by
        # settings) outlasts the feed's cache (3 s), so the two are always two answers of the venue.
        spans = {m: (self._previous[m].price, mark.price) for m, mark in marks.items() if m in self._previous}
        self._previous = marks
        if spans:
            due = await self.alerts.claim_due(spans, now, self.repeat)
            for alert in due:
                report.sent += await self._deliver(alert, marks[alert.market], now)
        report.sent += await self._tell_delisted(now)
        return report

    async def _tell_delisted(self, now: datetime) -> int:
        """A saved position whose contract was delisted cannot be alerted on: its owner is told so
        once, by direct message, instead of the position being skipped silently."""
        told = 0
        for position_id, owner in await self.alerts.uncomputed():
            position = await self.positions.get(owner, position_id)
            messenger = self.messengers.get(owner.partition(":")[0])
            with speaking(await self._speech_of(owner)):
                notice = delisted_reply(position) if position is not None else None
            if messenger is None or notice is None:
                continue
            try:
                ok = await messenger.direct(owner.partition(":")[2], notice)
            except Exception:
                log.exception("alerts: telling the owner of position %s it was delisted failed", position_id)
                ok = False
            if ok:
                await self.alerts.confirm(position_id, now)   # told once: last_alert_at is set
                told += 1
        return told

    async def run(self, stop: asyncio.Event) -> None:
        """Tick every `poll_seconds` until `stop` is set."""
        try:
            await self.start()
        except StorageUnavailable as exc:
            log.warning("alerts: storage unavailable at start (%s)", exc.message)
        while not stop.is_set():
            try:
                await self.tick()
            except StorageUnavailable as exc:
                log.warning("alerts: storage unavailable (%s); retrying", exc.message)
            except Exception:
                log.exception("alerts: tick failed; retrying")
            try:
                await asyncio.wait_for(stop.wait(), self.poll_seconds)
            except asyncio.TimeoutError:
                pass

    def _may_ask(self, market: Market, now: datetime) -> bool:
        backoff = self._backoff.get((market.venue, market.contract))
        return backoff is None or backoff.retry_at is None or now >= backoff.retry_at

    async def _mark(self, market: Market, now: datetime, report: TickReport) -> MarkPrice | None:
        key = (market.venue, market.contract)
        try:
            mark = await self.prices.mark(market.venue, market.contract, market.symbol)
        except PriceUnavailable as exc:
            backoff = self._backoff.setdefault(key, _Backoff())
            backoff.failures += 1
            wait = min(self.max_backoff, self.poll_seconds * 2 ** (backoff.failures - 1))
            backoff.retry_at = now + timedelta(seconds=wait)
            report.failed_venues.append(f"{market.venue} {market.contract}")
            log.warning("alerts: no %s %s mark price (%s); retrying %s in %.0f s",
                        market.venue, market.symbol, exc.message, market.venue, wait)
            return None
        if self._backoff.pop(key, None) is not None:
            log.info("alerts: %s %s prices are back", market.venue, market.contract)
        return mark

    async def _speech_of(self, owner: str) -> Speech:
        """The language `owner` chose with /lang; English when none is chosen or it cannot be read
        (a job has no platform locale to fall back on)."""
        chosen = None
        if self.context.languages is not None:
            try:
                chosen = await self.context.languages.language_of(owner)
            except StorageUnavailable as exc:
                log.warning("alerts: language preference unavailable (%s); English", exc.message)
        return speech_for(normalise(chosen) or "en")

    async def _deliver(self, due: DueAlert, mark: MarkPrice, now: datetime) -> int:
        platform, _colon, user_id = due.owner.partition(":")
        messenger = self.messengers.get(platform)
        position = await self.positions.get(due.owner, due.position_id)
        if messenger is None or position is None:
            # That platform is not running in this process (or the row just went): try later.
            await self.alerts.release(due.position_id)
            return 0
        try:
            with speaking(await self._speech_of(due.owner)):
                reply = alert_reply(position, mark, self.context)
            ok = await messenger.direct(user_id, reply)
        except Exception:
            log.exception("alerts: sending alert for position %s failed", due.position_id)
            ok = False
        if ok:
            await self.alerts.confirm(due.position_id, now)
            return 1
        # Unreachable (DMs closed, never pressed Start): armed again, tried after the repeat window.
        await self.alerts.release(due.position_id, now)
        return 0


def delisted_reply(position: StoredPosition) -> Reply | None:
    """The one notice for a saved position whose contract the venue no longer lists; None when the
    position fails to compute for another reason (that is logged where it is computed)."""
    message = delisted(position)
    if message is None:
        return None
    return Reply(command="alerts", title=_("#{id} {symbol} {side}: contract delisted", id=position.id,
                                           symbol=position.symbol, side=side_word(position.side)),
                 lines=(Line(_("Status"), message),),
                 notes=(_("riskbot can't compute or alert on this position any more. /positions still lists it; "
                          "/delete {id} removes it.", id=position.id),),
                 result={"id": position.id, "delisted": True}, private=True)


def alert_reply(position: StoredPosition, mark: MarkPrice, context: Context) -> Reply:
    """The position card, headed by the mark price and how far liquidation is from it, in the
    current language (the job speaks the owner's)."""
    try:
        reply = card("alerts", position, context)
    except UsageError:
        reply = Reply(command="alerts", title=f"#{position.id} {position.symbol} {side_word(position.side)}")
    liquidation = reply.result.get("liquidation_price")
    lines = [Line(_("Mark price"), f"{display.price(mark.price)} ({mark.instrument})")]
    if liquidation:
        away = (mark.price - Decimal(str(liquidation))) / mark.price * 100
        passed = away <= 0 if position.side == "long" else away >= 0
        distance = display.pct(abs(away))
        lines.append(Line(_("Mark to liquidation"), _("already past it") if passed
                          else _("{distance} (if the mark falls that far)", distance=distance) if away > 0
                          else _("{distance} (if the mark rises that far)", distance=distance)))
    return Reply(command="alerts", title=_("Near liquidation: {title}", title=reply.title), headline=reply.headline,
                 lines=(*lines, *reply.lines), warnings=reply.warnings,
                 notes=(_("Your riskbot alert. /alerts shows your levels; /alerts off stops them."), *reply.notes),
                 result={**reply.result, "mark_price": display.number(mark.price)}, private=True)
