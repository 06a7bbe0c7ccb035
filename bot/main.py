"""The process entry point and composition root: `riskbot run | console | ask`.

Settings are read here once; every adapter receives what it needs from here. `run` starts each
platform whose token is configured, in one event loop, and the console when none is.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from commands.context import Context

log = logging.getLogger("riskbot")


def _load_settings():
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors())
        sys.exit(f"riskbot: configuration error: {problems}")


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def run_platforms(settings, context: Context, markets=None) -> None:
    """Start every configured platform, wait for SIGINT/SIGTERM, stop them in reverse order."""
    async with live_prices(settings, context) as context:
        await _run_adapters(settings, context, markets)


def market_jobs(settings, store, stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """The tier-table refresh: restored from the database first, then fetched in the background
    (readiness never waits for a venue), then every MARKETS_REFRESH_HOURS."""
    from bot.markets.refresher import MarketRefresher, venue_http
    from core.markets.catalogue import CATALOGUE

    async def refresh_forever() -> None:
        http = venue_http(settings.market_base_urls())
        try:
            refresher = MarketRefresher(CATALOGUE, http, store, credentials=settings.binance_credentials())
            await refresher.restore()
            await refresher.run(settings.markets_refresh_hours, stop)
        finally:
            await http.close()

    return [asyncio.create_task(refresh_forever(), name="market-refresh")]


async def start_charts(charts) -> None:
    """Spawn the chart worker and load Pillow there, in the background: readiness never waits for
    it, and a chart asked for before it is up just waits its turn (or is skipped, with a note)."""
    try:
        await charts.start()
    except Exception:
        log.exception("the chart worker did not start; charts will be skipped")


async def _run_adapters(settings, context: Context, markets=None) -> None:
    from bot.charts.executor import ChartRenderer
    from bot.jobs.alerts import alert_tasks

    charts = ChartRenderer()
    adapters = []
    if settings.telegram_token is not None:
        from bot.telegram.adapter import TelegramAdapter

        adapters.append(TelegramAdapter(settings, context, charts=charts))
    if settings.discord_token is not None:
        from bot.discord.adapter import DiscordAdapter

        adapters.append(DiscordAdapter(settings, context, charts=charts))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    started = []
    from bot.health import heartbeat_path, keep_beating

    beating = asyncio.create_task(keep_beating(heartbeat_path(settings.riskbot_db)))
    jobs: list[asyncio.Task[None]] = []
    warming = asyncio.create_task(start_charts(charts), name="chart-worker")
    try:
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        jobs = background_jobs(context, {a.platform: a for a in started}, stop)
        jobs += market_jobs(settings, markets, stop)
        jobs += alert_tasks(settings, context, {a.platform: a for a in started}, stop)
        log.info("riskbot running on %s", ", ".join(type(a).__name__ for a in started))
        await stop.wait()
    finally:
        stop.set()
        beating.cancel()
        for job in jobs:
            try:
                await asyncio.wait_for(job, 5)
            except Exception:
                log.exception("a background job did not stop cleanly")
        for adapter in reversed(started):
            try:
                await adapter.stop()
            except Exception:
                log.exception("error while stopping %s", type(adapter).__name__)
        warming.cancel()
        await asyncio.gather(warming, return_exceptions=True)
        await charts.close()


def background_jobs(context: Context, messengers, stop: asyncio.Event) -> list[asyncio.Task[None]]:
    """Jobs that post on their own (scheduled warnings), each running until `stop` is set."""
    jobs = []
    if context.groups is not None:
        from bot.jobs.schedules import ScheduledWarnings

        warnings = ScheduledWarnings(context.groups, messengers, context)
        jobs.append(asyncio.create_task(warnings.run(stop), name="scheduled-warnings"))
    return jobs


@asynccontextmanager
async def live_prices(settings, context: Context):
    """The context with the venues' mark prices, for as long as the session (bot or console) runs."""
    from bot.jobs.alerts import with_live_prices

    ready, feed = with_live_prices(settings, context)
    try:
        yield ready
    finally:
        await feed.close()


def _open_database(path):
    """The SQLite file every store shares, or None (saving and group settings disabled,
    calculations unaffected) if it cannot be opened."""
    from bot.storage.sqlite.worker import SqliteDatabase
    from commands.saved.store_port import StorageUnavailable

    try:
        # The database runs its queries on its own worker thread, so opening it in a short-lived
        # loop and using it from the adapters' loop later is fine.
        return asyncio.run(SqliteDatabase.open(path))
    except StorageUnavailable as exc:
        log.error("saving disabled: cannot open the database %s: %s", path, exc.message)
    except Exception:
        log.exception("saving disabled: cannot open the database %s", path)
    return None


def bot_context(settings, database) -> Context:
    """The bot-wide context: the operator's defaults and the stores over the one database."""
    if database is None:
        return Context(default_venue=settings.riskbot_default_venue)
    from bot.storage.sqlite.alerts import SqliteAlertStore
    from bot.storage.sqlite.groups import SqliteGroupStore
    from bot.storage.sqlite.positions import SqlitePositionStore

    return Context(default_venue=settings.riskbot_default_venue, store=SqlitePositionStore(database),
                   groups=SqliteGroupStore(database), alerts=SqliteAlertStore(database))


def restore_stored_tables(path) -> None:
    """Install the tier tables of the last good refresh, read-only, if the database holds any."""
    if not path or not Path(path).is_file():
        return
    from bot.storage.sqlite.markets import read_documents
    from core.markets.catalogue import CATALOGUE

    for document, fetched_at in read_documents(path):
        try:
            CATALOGUE.install_document(document, fetched_at)
        except ValueError as exc:   # TableRejected included: the shipped snapshot stays
            log.warning("stored %s %s tables not used: %s", document.get("venue"), document.get("kind"), exc)


def main(argv: list[str] | None = None) -> int:
    # Opt in to python-telegram-bot's timedelta behaviour now; otherwise every 429 logs a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = argparse.ArgumentParser(prog="riskbot", description="Liquidation prices and risk, in chat.")
    sub = parser.add_subparsers(dest="mode")
    sub.add_parser("run", help="start every configured platform; the console when no token is set")
    sub.add_parser("console", help="interactive prompt (reads lines from stdin when piped)")
    ask = sub.add_parser("ask", help="answer one command, or one per line from stdin with '-'")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--chart", type=Path, metavar="FILE.png", help="write the answer's chart (/liq ... chart) here")
    ask.add_argument("text", nargs="+", help="the command, or '-' to read stdin")
    sub.add_parser("health", help="exit 0 when the running bot wrote its heartbeat recently")
    markets = sub.add_parser("markets", help="tier tables: 'status', or 'refresh' them from the venues now")
    markets.add_argument("action", choices=("status", "refresh"))
    markets.add_argument("--venue", help="refresh one venue only")
    markets.add_argument("--write", type=Path, metavar="DIR", help="also write the tables in the shipped layout")
    args = parser.parse_args(argv)

    if args.mode == "ask":
        from bot.console.adapter import ask

        restore_stored_tables(os.environ.get("RISKBOT_DB"))
        return ask(" ".join(args.text), as_json=args.json, context=Context(), chart=args.chart)
    settings = _load_settings()
    if args.mode == "health":
        from bot.health import check, heartbeat_path

        healthy, detail = check(heartbeat_path(settings.riskbot_db))
        print(detail)
        return 0 if healthy else 1
    _configure_logging(settings.log_level)
    database = _open_database(settings.riskbot_db)
    context = bot_context(settings, database)
    markets_store = None
    if database is not None:
        from bot.storage.sqlite.markets import SqliteMarketStore

        markets_store = SqliteMarketStore(database)
    try:
        if args.mode == "markets":
            from bot.markets import cli

            restore_stored_tables(settings.riskbot_db)
            return cli.main(args.action, settings, markets_store, args.venue, args.write)
        if args.mode in (None, "run") and (settings.telegram_token or settings.discord_token):
            from bot.settings import ConfigurationError

            try:
                asyncio.run(run_platforms(settings, context, markets_store))
            except ConfigurationError as exc:
                print(f"riskbot: {exc}", file=sys.stderr)
                return 2
            return 0
        from bot.console.adapter import console

        restore_stored_tables(settings.riskbot_db)
        return console(context, prepare=lambda ctx: live_prices(settings, ctx))
    finally:
        if database is not None:
            asyncio.run(database.close())


if __name__ == "__main__":
    raise SystemExit(main())
