"""`riskbot db copy`: a SQLite install moved to PostgreSQL and back keeps every row, id and alert
state; a second run changes nothing; a target holding other rows is reported, not merged silently."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from bot.storage.backends import market_store, open_database, stores
from bot.storage.copy import copy
from tests.storage.conftest import TickingClock, position
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
A, B, GROUP = "telegram:1001", "discord:2002", "telegram:-100"


async def fill(target: str) -> dict:
    """One of everything, through the real stores; returns what each store answers afterwards."""
    database = await open_database(target)
    made = stores(database, TickingClock())
    for owner in (A, B):
        await made.positions.record_consent(owner)
    first = await made.positions.save(A, position(stop=Decimal("58000.50"), label="swing"))
    await made.positions.save(A, position(symbol="ETH", side="short", entry=Decimal("3000")))
    gone = await made.positions.save(B, position())
    await made.positions.delete(B, gone.id)
    await made.positions.save(B, position(mmr=Decimal("0.005"), cum=Decimal("50"), targets="64000:0.5,66000:0.5",
                                          funding="0.0001/8h/72h"))
    await made.alerts.change_settings(A, enabled=True, quiet=(22, 7))
    await made.alerts.change_position(A, first.id, level=Decimal("0.1"))
    await made.groups.change(GROUP, A, {"default_venue": "okx", "nudge": True, "charts": False})
    await market_store(database).save(MARKET, {"BTC", "ETH"}, {"BTC", "ETH"}, FETCHED)
    await made.groups.schedule(GROUP, "chan", "leverage", timedelta(hours=6), A)
    await made.languages.set_language(B, "pt-BR")
    seen = await answers(made, database)
    await database.close()
    return seen


# A refreshed tier table (bot/markets/stored.py's layout): two contracts, one with details.
MARKET = {"venue": "binance", "kind": "linear", "source": "https://fapi.binance.com/fapi/v1/leverageBracket",
          "as_of": "2026-01-01", "symbols": {"BTC": [{"max_notional": "50000", "mmr": "0.004", "cum": "0"}],
                                             "ETH": [{"max_notional": "10000", "mmr": "0.005", "cum": "0"}]},
          "contracts": {"BTC": {"max_leverage": 125}}}
FETCHED = datetime(2026, 1, 1, 12, 30, 15, 123456, tzinfo=timezone.utc)


async def answers(made, database) -> dict:
    return {"export": [await made.positions.export(o) for o in (A, B)],
            "alerts": await made.alerts.positions(A), "settings": await made.groups.settings(GROUP),
            "audit": await made.groups.recent(GROUP, 10), "schedules": await made.groups.schedules(GROUP),
            "markets": await market_store(database).documents()}


async def seen_in(target: str) -> dict:
    database = await open_database(target)
    try:
        return await answers(stores(database), database)
    finally:
        await database.close()


async def test_sqlite_to_postgresql_and_back_keeps_everything(tmp_path: Path) -> None:
    source, back = str(tmp_path / "old.db"), f"sqlite:///{tmp_path / 'back.db'}"
    before = await fill(source)
    async with postgres.fresh_schema() as url:
        counts = await copy(source, url)
        assert counts["positions"] == 3 and counts["consents"] == 2 and counts["audit"] == 2
        assert counts["market_tables"] == 2 and counts["group_settings"] == 1 and counts["user_languages"] == 1
        assert {"record": "language", "language": "pt-BR"}.items() <= before["export"][1][-1].items()
        assert before["settings"].charts is False                 # not None: the column was copied
        assert any(p.get("targets") == "64000:0.5,66000:0.5" for p in before["export"][1])
        assert await seen_in(url) == before
        assert await copy(source, url) == counts              # idempotent: nothing new, nothing doubled
        assert await copy(url, back) == counts
        assert await seen_in(back) == before
        database = await open_database(url)                   # ids carry on past the copied ones
        made = stores(database)
        later = await made.positions.save(B, position())
        await database.close()
        assert later.id > max(p["id"] for p in before["export"][1] if p["record"] == "position")


async def test_a_target_with_other_rows_is_reported(tmp_path: Path) -> None:
    source = str(tmp_path / "one.db")
    await fill(source)
    async with postgres.fresh_schema() as url:
        database = await open_database(url)
        await stores(database).positions.record_consent("telegram:9")
        await database.close()
        with pytest.raises(ValueError, match="consents 2 -> 3"):
            await copy(source, url)


def test_the_command_prints_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bot.main", "db", "copy", str(tmp_path / "none" / "a.db"),
                           "postgresql://root@127.0.0.1:1/test"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout.strip().count("\n") == 0
    assert "cannot be reached" in done.stdout and "Traceback" not in done.stderr
