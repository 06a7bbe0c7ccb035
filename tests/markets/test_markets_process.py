"""The tier refresh as processes: `riskbot run` refreshes in the background and stores what it
fetched; `riskbot markets refresh --write DIR` prints one line per venue and book, writes files that
load back, and exits non-zero without a traceback when a venue fails; `riskbot markets status` then
reports the stored tables."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

from bot.markets.refresher import SOURCES
from core.markets import Catalogue
from tests.markets.fake_tier_venues import FakeTierVenues
from tests.telegram.fake_bot_api import FakeBotApi

TELEGRAM_TOKEN = "123456789:MARKETStoken-for-the-process-test_abc"
MAIN = "import sys; from bot.main import main; sys.exit(main(sys.argv[1:]))"


def environment(venues: FakeTierVenues, db: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DISCORD_", "TELEGRAM_", "BINANCE_", "RISKBOT_")) and not k.endswith("_BASE_URL")}
    env.update(RISKBOT_DB=str(db), LOG_LEVEL="INFO", **extra,
               **{f"{host.upper()}_BASE_URL": url for host, url in venues.base_urls().items()})
    return env


async def riskbot(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", MAIN, *args, cwd=cwd, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


def stored(db: Path) -> dict[tuple[str, str], int]:
    if not db.exists():
        return {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        try:
            rows = conn.execute("SELECT venue, kind, COUNT(*) FROM market_tables GROUP BY venue, kind").fetchall()
        except sqlite3.OperationalError:   # not migrated yet
            return {}
    return {(venue, kind): count for venue, kind, count in rows}


async def test_riskbot_run_refreshes_the_tables_and_stores_them(venues, tmp_path: Path) -> None:
    telegram = FakeBotApi(TELEGRAM_TOKEN)
    await telegram.start()
    db = tmp_path / "riskbot.db"
    env = environment(venues, db, TELEGRAM_TOKEN=TELEGRAM_TOKEN, TELEGRAM_API_BASE_URL=telegram.base_url)
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", MAIN, "run", cwd=tmp_path, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while stored(db).get(("okx", "linear")) is None or stored(db).get(("hyperliquid", "linear")) is None:
            assert time.monotonic() < deadline, "the refresh job stored nothing"
            assert process.returncode is None, "riskbot run exited"
            await asyncio.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 10)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await telegram.stop()
    assert process.returncode == 0, err.decode()[-2000:]
    tables = stored(db)
    # The fixture's tables: Bybit and Binance SOLUSDT + DOGEUSDT, OKX seven swaps, Hyperliquid BTC, SOL, OLD.
    assert tables[("bybit", "linear")] == 2 and tables[("okx", "linear")] == 7 and tables[("hyperliquid", "linear")] == 3
    assert "Traceback" not in err.decode()
    # A later process starts from them: `markets status` reports the refreshed books.
    code, out, _ = await riskbot("markets", "status", env=environment(venues, db), cwd=tmp_path)
    assert code == 0
    okx = next(line for line in out.splitlines() if line.startswith("OKX USDT swaps"))
    # Seven refreshed, plus the shipped BTC-USDT-SWAP the fake no longer lists (kept, marked delisted).
    assert okx.startswith("OKX USDT swaps: 8 contracts") and "refreshed 0 h ago" in okx


async def test_markets_refresh_write_one_line_per_book_and_exit_1_when_a_venue_fails(venues, tmp_path: Path) -> None:
    venues.failures["bitmex"] = 502           # an nginx HTML page, as a proxy in front of a venue sends
    out_dir = tmp_path / "tables"
    code, out, err = await riskbot("markets", "refresh", "--write", str(out_dir),
                                   env=environment(venues, tmp_path / "riskbot.db"), cwd=tmp_path)
    assert code == 1
    assert "Traceback" not in out + err
    lines = out.splitlines()
    books = [line for line in lines if not line.startswith("wrote ")]
    assert len(books) == len(SOURCES)        # one line per venue and contract kind
    assert "bitmex inverse: not refreshed: BitMEX" in out and "HTTP 502" in out
    assert "okx linear: 7 contracts, 1 delisted" in books   # the shipped BTC-USDT-SWAP, not served by the fake
    # What was written loads back through the shipped loader and answers the same.
    written = out_dir / "okx_linear.json"
    assert f"wrote {written}" in lines
    catalogue = Catalogue(files={})
    catalogue.install_document(json.loads(written.read_text("utf-8")))
    sol = catalogue.resolve("SOL", "okx", "linear")
    assert sol.ok and sol.contract.contract_value == 1 and sol.contract.tiers[0].mmr * 100 == 1


async def test_markets_refresh_one_venue(venues, tmp_path: Path) -> None:
    code, out, err = await riskbot("markets", "refresh", "--venue", "okx",
                                   env=environment(venues, tmp_path / "riskbot.db"), cwd=tmp_path)
    assert "okx linear: 7 contracts, 1 delisted" in out and "Traceback" not in err
    assert code == 1 and "okx inverse: not refreshed" in out   # the fake lists no inverse swaps
    assert all(line.startswith("okx ") for line in out.splitlines())
    code, out, _ = await riskbot("markets", "refresh", "--venue", "nowhere",
                                 env=environment(venues, tmp_path / "riskbot.db"), cwd=tmp_path)
    assert code == 2 and out.startswith("riskbot: no venue 'nowhere'")
