"""/export holds every row that names the user: a moderator's audit lines, the group settings they
changed, the schedules they made, and their alert state, next to their consent and positions. Real
SQLite file, commands typed through dispatch; the price feed (which /alerts needs to be present) is
the real one on the fake venues."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.prices.feed import HttpPriceFeed
from bot.storage.backends import stores
from bot.storage.sqlite.worker import SqliteDatabase
from commands.context import Context
from tests.groups.conftest import GROUP_CHAT, Clock, Group
from tests.prices.conftest import venues  # noqa: F401  (a fixture, shared)
from tests.prices.fake_venues import FakeVenues

MODERATOR = "telegram:1"
GROUP = f"telegram:{GROUP_CHAT}"


@pytest.fixture
async def group_with_everything(database: SqliteDatabase, clock: Clock,
                                venues: FakeVenues) -> AsyncIterator[Group]:  # noqa: F811
    made = stores(database, clock)   # the database fixture is SQLite or PostgreSQL: its own stores
    async with HttpPriceFeed(venues.base_urls()) as feed:
        yield Group(Context(groups=made.groups, store=made.positions, alerts=made.alerts, prices=feed),
                    moderators={"1", "2"})


async def test_a_moderators_export_holds_every_row_that_names_them(group_with_everything: Group) -> None:
    group = group_with_everything
    for text in ("/set nudge=on", "/riskwarn every=6h"):
        assert (await group.say(text)).ok, text
    assert (await group.say("/set venue=bybit", user="2", chat="-1002")).ok   # someone else, elsewhere
    for text in ("/optin", "/save long BTC 60000 25x qty=0.1", "/alerts on", "/alerts quiet=22-7"):
        assert (await group.say(text, is_group=False, chat="1")).ok, text

    reply = await group.say("/export", is_group=False, chat="1")
    records = json.loads(reply.result["json"])["records"]
    by_kind: dict[str, list[dict]] = {}
    for record in records:
        by_kind.setdefault(record["record"], []).append(record)

    assert [(a["group_key"], a["action"]) for a in by_kind["audit"]] == [(GROUP, "settings"), (GROUP, "schedule")]
    assert by_kind["audit"][0]["detail"] == "nudge=on" and "every 6h" in by_kind["audit"][1]["detail"]
    [settings] = by_kind["group_settings"]
    assert settings["group_key"] == GROUP and settings["updated_by"] == MODERATOR and settings["nudge"] == 1
    [schedule] = by_kind["schedule"]
    assert schedule["group_key"] == GROUP and schedule["created_by"] == MODERATOR
    assert schedule["every_seconds"] == 6 * 3600
    [alert_settings] = by_kind["alert_settings"]
    assert alert_settings["enabled"] is True and alert_settings["quiet_hours_utc"] == [22, 7]
    [position_alert] = by_kind["position_alert"]
    assert position_alert["armed"] is True and round(position_alert["liquidation_price"], 2) == 57831.33
    assert {"consent", "position"} <= set(by_kind)
    assert reply.result["records"] == len(records) == 8
    assert "telegram:2" not in reply.result["json"] and "-1002" not in reply.result["json"]
