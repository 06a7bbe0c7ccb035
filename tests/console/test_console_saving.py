"""Saved positions and moderator tools through the console, as an operator meets them: `riskbot
console` as a real process, reading commands from a pipe, with its database in a temporary file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support import postgres


def console(db: Path | str, *lines: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")} | {"RISKBOT_DB": str(db)}
    done = subprocess.run([sys.executable, "-m", "bot.main", "console"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    return done.stdout


@pytest.fixture(params=postgres.backends("sqlite"))
async def target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Path | str]:
    """The SQLite file, and RISKBOT_DB=postgresql://... on a fresh schema: the whole product on both."""
    if request.param == "postgresql":
        async with postgres.fresh_schema() as url:
            yield url
        return
    yield tmp_path / "riskbot.db"


def test_save_list_portfolio_and_forget_through_the_console(target: Path | str) -> None:
    db = target
    first = console(db, "/save long BTC 32481.98 cross 20x qty=109.488 mmr=2.5% cum=16300",
                    "/optin",
                    "/save long BTC 32481.98 cross 20x qty=109.488 mmr=2.5% cum=16300",
                    "/save long ETH 1456.84 cross 10x qty=3683.979 mmr=10% cum=135365",
                    "/portfolio balance=1535443.01 mark=BTC:31967.27,ETH:1335.18")
    assert "Saving needs your OK first" in first and "Nothing was saved." in first
    # Binance FAQ's two-position cross example (its 2021 tiers as mmr=/cum=)
    assert "26,316.89" in first and "1,153.26" in first
    again = console(db, "/positions")                      # a new process: the file kept them
    assert "#1" in again and "#2" in again
    gone = console(db, "/forget confirm", "/positions")
    assert "Forgotten" in gone and "#1" not in gone.split("Forgotten", 1)[1]


def test_the_console_user_moderates_its_own_group(target: Path | str) -> None:
    db = target
    out = console(db, "/set venue=okx nudge=on", "/liq long BTC 60000 50x")
    assert "Settings changed" in out and "OKX" in out.split("Settings changed", 1)[1]
    assert "moderators ask you" in out
    assert "console:local: settings default_venue=okx, nudge=on" in console(db, "/audit")
