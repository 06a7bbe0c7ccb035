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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


async def run_platforms(settings, context: Context) -> str | None:
    """Start every configured platform, wait for SIGINT/SIGTERM, stop them in reverse order; returns
    why the process had to stop (a platform refusing it), or None on a normal stop."""
    async with session(settings, context) as opened:
        return await _run_adapters(settings, opened.context, opened.markets)


async def start_charts(charts) -> None:
    """Spawn the chart worker and load Pillow there, in the background: readiness never waits for
    it, and a chart asked for before it is up just waits its turn (or is skipped, with a note)."""
    try:
        await charts.start()
    except Exception:
        log.exception("the chart worker did not start; charts will be skipped")


async def _run_adapters(settings, context: Context, markets=None) -> str | None:
    from bot.charts.executor import ChartRenderer
    from bot.jobs.alerts import alert_tasks
    from bot.jobs.markets import follower_jobs, market_jobs
    from bot.shared.leader import job_tasks
    from bot.shared.wiring import adapter_options, shard_options

    charts = ChartRenderer()
    adapters = []
    if settings.telegram_token is not None:
        from bot.telegram.adapter import TelegramAdapter

        adapters.append(TelegramAdapter(settings, context, **adapter_options(context, "telegram"),
                                        charts=charts))
    if settings.discord_token is not None:
        from bot.discord.adapter import DiscordAdapter

        adapters.append(DiscordAdapter(settings, context, **adapter_options(context, "discord"),
                                       **shard_options(settings), charts=charts))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    started = []
    from bot.health import keep_beating
    from bot.storage.backends import heartbeat_file

    beating = asyncio.create_task(keep_beating(heartbeat_file(settings)))
    jobs: list[asyncio.Task[None]] = []
    warming = asyncio.create_task(start_charts(charts), name="chart-worker")
    try:
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        messengers = {a.platform: a for a in started}
        jobs = job_tasks(context, lambda until: [*background_jobs(context, messengers, until),
                                                 *alert_tasks(settings, context, messengers, until),
                                                 *market_jobs(settings, markets, until)], stop)
        jobs += follower_jobs(markets, stop)
        log.info("riskbot running on %s", ", ".join(type(a).__name__ for a in started))
        await stop.wait()
        return next((a.fatal for a in adapters if getattr(a, "fatal", None)), None)
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


@dataclass(frozen=True)
class Session:
    context: Context
    markets: Any   # the refreshed tier tables' store, or None (no database, or a backend without one)


@asynccontextmanager
async def session(settings, context: Context):
    """The context with the stores and the live prices, for as long as the bot or console runs; the
    tier tables of the last good refresh are installed from the database first."""
    from bot.storage.backends import market_store

    database = await _open_database(settings.riskbot_db)
    try:
        markets = market_store(database)
        await restore_tables(markets)
        async with live_prices(settings, bot_context(settings, database, context)) as ready:
            yield Session(ready, markets)
    finally:
        if database is not None:
            await database.close()


@asynccontextmanager
async def console_session(settings, context: Context):
    async with session(settings, context) as opened:
        yield opened.context


async def restore_tables(store) -> None:
    """Install the tier tables of the last good refresh, if the database holds any."""
    if store is None:
        return
    from bot.markets.refresher import install_stored

    install_stored(await store.documents())


@asynccontextmanager
async def live_prices(settings, context: Context):
    """The context with the venues' mark prices, for as long as the session (bot or console) runs."""
    from bot.jobs.alerts import with_live_prices

    ready, feed = with_live_prices(settings, context)
    try:
        yield ready
    finally:
        await feed.close()


async def _open_database(target):
    """The database every store shares (bot/storage/backends.py), or None (saving and group
    settings disabled, calculations unaffected) if it cannot be opened. Opened inside the loop
    that uses it: a PostgreSQL pool belongs to the loop it was made in."""
    from bot.storage.backends import describe, open_database
    from commands.saved.store_port import StorageUnavailable

    try:
        return await open_database(target)
    except StorageUnavailable as exc:
        log.error("saving disabled: cannot open the database %s: %s", describe(target), exc.message)
    except Exception:
        log.exception("saving disabled: cannot open the database %s", describe(target))
    return None


def bot_context(settings, database, context: Context | None = None) -> Context:
    """The bot-wide context: the operator's defaults and the stores over the one database."""
    context = context or Context(default_venue=settings.riskbot_default_venue)
    if database is None:
        return context
    from dataclasses import replace

    from bot.shared.wiring import with_shared_nudges
    from bot.storage.backends import stores

    made = stores(database)
    return with_shared_nudges(replace(context, store=made.positions, groups=made.groups, alerts=made.alerts,
                                       languages=made.languages))


def main(argv: list[str] | None = None) -> int:
    # Opt in to python-telegram-bot's timedelta behaviour now; otherwise every 429 logs a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = argparse.ArgumentParser(prog="riskbot", description="Liquidation prices and risk, in chat.")
    sub = parser.add_subparsers(dest="mode")
    sub.add_parser("run", help="start every configured platform; the console when no token is set")
    console_mode = sub.add_parser("console", help="interactive prompt (reads lines from stdin when piped)")
    ask = sub.add_parser("ask", help="answer one command, or one per line from stdin with '-'")
    for talking in (console_mode, ask):
        talking.add_argument("--lang", type=_language, metavar="CODE",
                             help="answer in this language (en, ru, zh-CN, es, pt-BR, tr, vi; qps: pseudo-locale)")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--chart", type=Path, metavar="FILE.png", help="write the answer's chart (/liq ... chart) here")
    ask.add_argument("text", nargs="+", help="the command, or '-' to read stdin")
    sub.add_parser("health", help="exit 0 when the running bot wrote its heartbeat recently")
    markets = sub.add_parser("markets", help="tier tables: 'status', or 'refresh' them from the venues now")
    markets.add_argument("action", choices=("status", "refresh"))
    markets.add_argument("--venue", help="refresh one venue only")
    markets.add_argument("--write", type=Path, metavar="DIR", help="also write the tables in the shipped layout")
    db = sub.add_parser("db", help="database tools").add_subparsers(dest="db_command", required=True)
    copy = db.add_parser("copy", help="copy every row between a SQLite file and PostgreSQL (either way)")
    copy.add_argument("source", help="a SQLite path or a postgresql:// URL")
    copy.add_argument("target", help="a SQLite path or a postgresql:// URL (migrated first)")
    args = parser.parse_args(argv)

    if args.mode == "ask":
        from bot.console.adapter import ask

        from bot.markets.refresher import restore_from_file

        restore_from_file(os.environ.get("RISKBOT_DB"))
        return ask(" ".join(args.text), as_json=args.json, context=Context(), chart=args.chart, lang=args.lang)
    if args.mode == "db":
        from bot.storage.copy import main_copy

        _configure_logging("WARNING")
        return main_copy(args.source, args.target)
    settings = _load_settings()
    if args.mode == "health":
        from bot.health import check
        from bot.storage.backends import heartbeat_file

        healthy, detail = check(heartbeat_file(settings))
        print(detail)
        return 0 if healthy else 1
    _configure_logging(settings.log_level)
    context = Context(default_venue=settings.riskbot_default_venue)
    if args.mode == "markets":
        from bot.markets import cli

        return cli.main(args.action, settings, venue=args.venue, write=args.write)
    if args.mode in (None, "run") and (settings.telegram_token or settings.discord_token):
        from bot.settings import ConfigurationError

        try:
            fatal = asyncio.run(run_platforms(settings, context))
        except ConfigurationError as exc:
            fatal, code = str(exc), 2
        else:
            code = 1
        if fatal:
            print(f"riskbot: {fatal}", file=sys.stderr)
        return code if fatal else 0
    from bot.console.adapter import console

    return console(context, prepare=lambda ctx: console_session(settings, ctx), lang=getattr(args, "lang", None))


def _language(code: str) -> str:
    """--lang's value: a language riskbot speaks, as the user's locale would name it."""
    from commands.language.languages import normalise

    if normalise(code) is None:
        raise argparse.ArgumentTypeError(f"riskbot does not speak {code!r}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
