"""The `charts` group setting and the charts commands attach, through `dispatch` with the real
SQLite group store: off in a group by default, on when a moderator says so, always in a DM or a
private answer; /riskwarn ladder's text and chart come from one computation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from commands.charts.model import LeverageLadder, PriceLadder
from commands.charts.policy import BUTTON, OFF_IN_GROUP
from tests.groups.conftest import GROUP_CHAT, Group

MEMBER = "2"
LIQ = "/liq long BTC 60000 25x sl=58000 tp=66000"


async def stored_charts(database, tmp_path: Path) -> object:
    """The group's `charts` column as the backend holds it, read past our code (the `database`
    fixture runs every test here on SQLite and on PostgreSQL)."""
    key = f"telegram:{GROUP_CHAT}"
    if getattr(database, "backend", "sqlite") == "postgresql":
        return await database.pool.fetchval("SELECT charts FROM group_settings WHERE group_key = $1", key)
    with sqlite3.connect(tmp_path / "riskbot.db") as db:
        return db.execute("SELECT charts FROM group_settings WHERE group_key = ?", [key]).fetchone()[0]


async def test_charts_are_off_in_a_group_until_a_moderator_turns_them_on(group: Group, database,
                                                                         tmp_path: Path) -> None:
    off = await group.say(f"{LIQ} chart", user=MEMBER)
    assert off.ok and off.chart is None and OFF_IN_GROUP in off.notes
    assert BUTTON not in [a.label for a in (await group.say(LIQ, user=MEMBER)).actions]
    shown = await group.say("/settings", user=MEMBER)
    assert ("Charts in answers", "off (DMs always have them) (bot default)") in [(l.label, l.value) for l in shown.lines]
    refused = await group.say("/set charts=on", user=MEMBER)
    assert refused.error.code == "forbidden"
    changed = await group.say("/set charts=on")
    assert changed.result["charts"] is True
    assert await stored_charts(database, tmp_path) == 1   # stored in its own column (SQLite 1, PostgreSQL true)
    on = await group.say(f"{LIQ} chart", user=MEMBER)
    assert isinstance(on.chart, PriceLadder) and OFF_IN_GROUP not in on.notes
    assert [(line.kind, line.price) for line in on.chart.lines if line.kind in ("target", "stop")] == \
        [("target", 66000), ("stop", 58000)]
    assert on.chart.liquidation() is not None and str(on.chart.entry) == "60000"
    button = next(a for a in (await group.say(LIQ, user=MEMBER)).actions if a.label == BUTTON)
    assert button.command == f"{LIQ} chart"
    assert (await group.say("/set charts=default")).result["charts"] is None
    assert (await group.say(f"{LIQ} chart", user=MEMBER)).chart is None


async def test_a_dm_always_has_charts_and_a_bad_value_is_refused(group: Group) -> None:
    dm = await group.say(f"{LIQ} chart", user=MEMBER, chat=MEMBER, is_group=False)
    assert isinstance(dm.chart, PriceLadder)
    bad = await group.say("/set charts=maybe")
    assert bad.error.code == "usage" and "charts= is on or off" in bad.error.message


async def test_the_ladder_cards_text_and_chart_are_the_same_numbers(group: Group) -> None:
    await group.say("/set charts=on venue=bybit")
    card = await group.say("/riskwarn ladder")
    assert isinstance(card.chart, LeverageLadder) and "Bybit" in card.chart.title
    drawn = {str(int(rung.leverage)): float(rung.distance_pct) for rung in card.chart.rungs}
    shown = {rung: d for rung, d in card.result["distance_pct"].items() if d is not None}
    assert drawn.keys() == shown.keys() and all(abs(drawn[k] - shown[k]) < 1e-9 for k in drawn)
    assert list(card.result["distance_pct"]) == ["5", "10", "20", "25", "50", "75", "100"]


async def test_the_setting_moves_with_an_upgraded_group(groups) -> None:
    await groups.change("telegram:-5001", "telegram:1", {"charts": True})
    assert await groups.move_group("telegram:-5001", "telegram:-1005001", "upgraded")
    assert (await groups.settings("telegram:-1005001")).charts is True


async def test_lev_chart_is_the_ladder_of_the_asked_venue_and_asset_and_matches_liq(group: Group) -> None:
    dm = await group.say("/lev long ETH 3000 sl=2900 hyperliquid chart", user=MEMBER, chat=MEMBER, is_group=False)
    assert isinstance(dm.chart, LeverageLadder) and "Hyperliquid" in dm.chart.title
    # Hyperliquid's ETH contract offers at most 25x (its margin table): no rung above it.
    assert [int(r.leverage) for r in dm.chart.rungs] == [5, 10, 20, 25]
    # Each bar is the move that liquidates a fresh long at that leverage, as /liq computes it.
    for rung in dm.chart.rungs:
        liq = await group.say(f"/liq long ETH 60000 {int(rung.leverage)}x hyperliquid", user=MEMBER, chat=MEMBER,
                              is_group=False)
        assert abs(abs(float(liq.result["distance_pct"])) - float(rung.distance_pct)) < 1e-6
    off = await group.say("/lev long ETH 3000 sl=2900 hyperliquid chart", user=MEMBER)
    assert off.chart is None and OFF_IN_GROUP in off.notes
