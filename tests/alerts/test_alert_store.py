"""The alert index and its state machine on a real SQLite file: triggers keep it in step with the
positions table, the trigger prices are the documented ones, hysteresis, the repeat window and
quiet hours hold, state survives reopening the file, and the range search uses its index."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from bot.storage.backends import open_database, stores
from bot.storage.postgres import alert_index as pg_index
from bot.storage.postgres.database import PostgresDatabase
from bot.storage.sqlite.worker import SqliteDatabase
from bot.storage.sqlite.alert_index import IN_RANGE
from bot.storage.sqlite.alerts import Market, SqliteAlertStore
from bot.storage.sqlite.positions import SqlitePositionStore
from commands.alerts.port import bounds, in_quiet_hours
from tests.alerts.conftest import OWNER, btc_long

BTC = Market("binance", "linear", "BTC")
SIX_HOURS = timedelta(hours=6)
# core/liquidation.py's worked example (Binance USDⓈ-M FAQ formula, tier 1 MMR 0.4%):
# long 25x at 60,000 liquidates at 57,600 / 0.996 = 57,831.325...
LIQ = Decimal(57600) / Decimal("0.996")


def test_bounds_worked_example_and_mirror_for_shorts() -> None:
    trigger, rearm = bounds(1, Decimal(60000), LIQ, None, None)
    assert round(trigger, 2) == Decimal("58265.06")   # 57,831.33 + 20% x 2,168.67 (docstring example)
    assert round(rearm, 2) == Decimal("58481.93")     # + 30%: the band is 1.5x wider
    short_trigger, short_rearm = bounds(-1, Decimal(3000), Decimal(3300), Decimal("0.1"), None)
    assert short_trigger == Decimal(3270) and short_rearm == Decimal(3255)
    assert bounds(1, Decimal(60000), Decimal(50000), None, Decimal("0.03")) == (Decimal(51500), Decimal(52250))


@pytest.mark.parametrize(("quiet", "hour", "expected"), [
    ((22, 7), 23, True), ((22, 7), 3, True), ((22, 7), 7, False), ((22, 7), 12, False),
    ((1, 5), 1, True), ((1, 5), 5, False), (None, 3, False)])
def test_quiet_hours_wrap_past_midnight(quiet, hour, expected) -> None:
    assert in_quiet_hours(quiet, hour) is expected


async def test_rows_follow_positions_through_save_edit_and_delete(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    [row] = await world.alerts.positions(OWNER)
    assert row.position_id == pid and round(Decimal(str(row.liquidation)), 2) == Decimal("57831.33")
    assert round(Decimal(str(row.trigger)), 2) == Decimal("58265.06")
    await world.positions.update(OWNER, pid, leverage=Decimal(10))   # a lower leverage moves liquidation away
    [edited] = await world.alerts.positions(OWNER)
    assert edited.liquidation < row.liquidation and edited.trigger < row.trigger
    assert await world.positions.delete(OWNER, pid)
    assert await world.alerts.positions(OWNER) == []


async def test_off_by_default_and_off_clears_triggers_at_once(world) -> None:
    await world.saved()
    [row] = await world.alerts.positions(OWNER)
    assert row.trigger is None and row.liquidation is not None     # computed, but not alerting
    assert await world.alerts.markets() == []
    await world.alerts.change_settings(OWNER, enabled=True)
    assert await world.alerts.markets() == [BTC]
    await world.alerts.change_settings(OWNER, enabled=False)
    assert await world.alerts.markets() == []
    assert await world.alerts.claim_due({BTC: Decimal(50000)}, world.clock(), SIX_HOURS) == []


async def test_a_positions_own_level_and_mute_beat_the_users(world) -> None:
    first, second = await world.saved(), await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True, level=Decimal("0.5"))
    await world.alerts.change_position(OWNER, first, within=Decimal("0.01"))
    await world.alerts.change_position(OWNER, second, muted=True)
    rows = {r.position_id: r for r in await world.alerts.positions(OWNER)}
    assert rows[first].trigger == pytest.approx(float(LIQ * Decimal("1.01")))
    assert rows[second].trigger is None and rows[second].muted
    assert await world.alerts.change_position("telegram:999", first, muted=True) is None  # not theirs


async def test_hysteresis_and_repeat_window(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    now = world.clock()
    assert await world.alerts.claim_due({BTC: Decimal(58300)}, now, SIX_HOURS) == []   # above the trigger
    [due] = await world.alerts.claim_due({BTC: Decimal(58200)}, now, SIX_HOURS)
    assert due.position_id == pid
    await world.alerts.confirm(pid, now)
    assert await world.alerts.claim_due({BTC: Decimal(58100)}, now, SIX_HOURS) == []   # disarmed
    # Back above the trigger but inside the wider band: still disarmed, so a wobble cannot re-alert.
    await world.alerts.claim_due({BTC: Decimal(58400)}, now, SIX_HOURS)
    assert await world.alerts.claim_due({BTC: Decimal(58200)}, now + timedelta(hours=7), SIX_HOURS) == []
    # Beyond the band it re-arms; crossing again inside the repeat window still stays quiet...
    await world.alerts.claim_due({BTC: Decimal(58600)}, now, SIX_HOURS)
    assert await world.alerts.claim_due({BTC: Decimal(58200)}, now + timedelta(hours=5), SIX_HOURS) == []
    # ...and after it, alerts once more.
    assert len(await world.alerts.claim_due({BTC: Decimal(58200)}, now + timedelta(hours=6), SIX_HOURS)) == 1


async def test_quiet_hours_hold_an_alert_until_they_end(world) -> None:
    await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True, quiet=(11, 13))   # the clock says 12:00 UTC
    assert await world.alerts.claim_due({BTC: Decimal(58000)}, world.clock(), SIX_HOURS) == []
    later = world.clock() + timedelta(hours=1)
    assert len(await world.alerts.claim_due({BTC: Decimal(58000)}, later, SIX_HOURS)) == 1


async def test_state_survives_reopening_the_file(world) -> None:
    confirmed, interrupted = await world.saved(), await world.saved(btc_long(leverage=Decimal(20)))
    await world.alerts.change_settings(OWNER, enabled=True)
    now = world.clock()
    claimed = await world.alerts.claim_due({BTC: Decimal(57000)}, now, SIX_HOURS)
    assert {d.position_id for d in claimed} == {confirmed, interrupted}
    await world.alerts.confirm(confirmed, now)   # the other one's send never finished: a crash
    await world.database.close()

    database = await open_database(getattr(world.database, "url", None) or world.database.path)
    try:
        alerts = stores(database).alerts
        assert await alerts.recover() == 1
        again = await alerts.claim_due({BTC: Decimal(57000)}, now + timedelta(minutes=1), SIX_HOURS)
        assert [d.position_id for d in again] == [interrupted]   # no repeat, nothing lost
    finally:
        await database.close()


async def test_forget_and_export_include_alert_data(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True, quiet=(22, 7))
    await world.alerts.change_position(OWNER, pid, level=Decimal("0.1"))
    exported = await world.positions.export(OWNER)
    kinds = [r["record"] for r in exported]
    assert kinds == ["consent", "position", "alert_settings", "position_alert"]
    assert exported[2]["quiet_hours_utc"] == [22, 7] and exported[3]["level"] == "0.1"
    assert await world.positions.forget(OWNER) == 3   # position, consent, alert settings
    assert await world.alerts.settings(OWNER) == type(await world.alerts.settings(OWNER))()
    assert await world.positions.export(OWNER) == []


async def test_one_users_changes_never_touch_anothers(world) -> None:
    mine, theirs = await world.saved(), await world.saved(owner="discord:2002")
    await world.alerts.change_settings(OWNER, enabled=True)
    assert [r.position_id for r in await world.alerts.positions(OWNER)] == [mine]
    [other] = await world.alerts.positions("discord:2002")
    assert other.position_id == theirs and other.trigger is None   # they never turned alerts on


async def test_the_jobs_own_range_query_searches_the_index(world) -> None:
    if isinstance(world.database, PostgresDatabase):
        return await postgres_plans_use_the_index(world.database)
    for leverage in (10, 20, 25):
        await world.saved(btc_long(leverage=Decimal(leverage)))
        await world.saved(btc_long(side="short", leverage=Decimal(leverage)))
    await world.alerts.change_settings(OWNER, enabled=True)
    await world.alerts.refresh()

    def plan(db) -> list[str]:   # IN_RANGE itself, with the parameters claim_due binds
        return [row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + IN_RANGE,
                                              ["binance", "linear", "BTC", 58000.0] * 2).fetchall()]

    steps = await world.database.run(plan)
    on_index = [s for s in steps if s.startswith("SEARCH a USING INDEX alert_index_range")]
    assert len(on_index) == 2, steps   # longs and shorts: one seek each
    assert any("side=? AND trigger>?" in s for s in on_index) and any("side=? AND trigger<?" in s for s in on_index)
    assert not any(s.startswith("SCAN") for s in steps), steps


async def test_two_ticks_must_both_reach_the_trigger_and_both_clear_the_band(world) -> None:
    pid = await world.saved()
    await world.alerts.change_settings(OWNER, enabled=True)
    now = world.clock()
    # Trigger 58,265.06, re-arm above 58,481.93 (test_bounds_worked_example_and_mirror_for_shorts).
    assert await world.alerts.claim_due({BTC: (Decimal(59000), Decimal(58000))}, now, SIX_HOURS) == []
    assert await world.alerts.claim_due({BTC: (Decimal(58000), Decimal(59000))}, now, SIX_HOURS) == []
    [due] = await world.alerts.claim_due({BTC: (Decimal(58200), Decimal(58000))}, now, SIX_HOURS)
    await world.alerts.confirm(due.position_id, now)
    later = now + timedelta(hours=7)
    await world.alerts.claim_due({BTC: (Decimal(58000), Decimal(59000))}, later, SIX_HOURS)   # one tick above
    assert await world.alerts.claim_due({BTC: Decimal(58000)}, later, SIX_HOURS) == []        # still disarmed
    await world.alerts.claim_due({BTC: (Decimal(58600), Decimal(59000))}, later, SIX_HOURS)   # both above
    assert [d.position_id for d in await world.alerts.claim_due({BTC: Decimal(58000)}, later, SIX_HOURS)] == [pid]


async def postgres_plans_use_the_index(database: PostgresDatabase) -> None:
    """With sequential scans priced out, the planner can answer both job queries from the partial
    range index alone (with the few rows of a test it would rightly scan; benchmarks/storage.py
    measures them at 1,000,000 rows)."""
    async def plans(conn):
        await conn.execute("SET enable_seqscan = off")
        found = []
        # (low, high): the job's claims now take each market's last two marks as a span
        marks = pg_index.columns({Market("binance", "linear", "BTC"): (1.0, 1.0)})
        for sql, args in ((pg_index.IN_RANGE, marks), (pg_index.MARKETS, ())):
            rows = await conn.fetch("EXPLAIN " + sql, *args)
            found.append(" ".join(r[0] for r in rows))
        await conn.execute("RESET enable_seqscan")
        return found

    for plan in await database.run(plans):
        assert "alert_index_range" in plan and "Seq Scan on alert_index" not in plan, plan
