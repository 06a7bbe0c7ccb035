"""Moderator tools through dispatch on a real SQLite file: who may change what, what members get,
how a group's settings shape every answer in it, the nudge and its cooldown, and the audit trail."""

from __future__ import annotations

from commands.dispatch import FORBIDDEN
from commands.groups.context import DEFAULT_NUDGE
from commands.invocation import Invocation
from commands.dispatch import dispatch
from commands.render_text import plain_text
from tests.groups.conftest import GROUP_CHAT, Clock, Group

MEMBER, MOD = "2", "1"


async def test_a_member_is_refused_and_nothing_changes(group: Group) -> None:
    refused = await group.say("/set venue=bybit", user=MEMBER)
    assert refused.error and refused.error.code == "forbidden"
    assert refused.error.message == FORBIDDEN.format(name="set")
    assert (await group.say("/settings", user=MEMBER)).result["default_venue"] is None
    assert await group.context.groups.recent(f"telegram:{GROUP_CHAT}", 10) == []


async def test_the_check_runs_every_time_so_a_demoted_moderator_is_refused_at_once(group: Group) -> None:
    assert (await group.say("/set nudge=on", user=MOD)).ok
    group.moderators.discard(MOD)
    again = await group.say("/set nudge=off", user=MOD)
    assert again.error and again.error.code == "forbidden"
    assert group.asked == [MOD, MOD]
    assert (await group.say("/settings")).result["nudge"] is True


async def test_only_moderator_commands_ask_and_bad_arguments_are_not_shown_to_members(group: Group) -> None:
    assert (await group.say("/liq long BTC 60000 10x", user=MEMBER)).ok
    assert group.asked == []
    refused = await group.say("/set threshold=banana", user=MEMBER)
    assert refused.error.code == "forbidden"          # refused before the arguments are read


async def test_a_failing_permission_check_refuses_without_a_traceback(group: Group) -> None:
    async def broken() -> bool:
        raise ConnectionError("platform down")

    invocation = Invocation(text="/set venue=okx", platform="telegram", user_id=MOD, chat_id=GROUP_CHAT,
                            is_group=True, is_moderator=broken)
    reply = await dispatch(invocation, group.context)
    assert reply.error.code == "forbidden" and "couldn't check" in reply.error.message
    assert (await group.say("/settings")).result["default_venue"] is None


async def test_group_settings_shape_answers_in_that_group_only(group: Group) -> None:
    assert (await group.say("/set venue=okx threshold=10")).ok
    here = await group.say("/liq long BTC 60000 15x", user=MEMBER)
    assert here.result["venue"] == "okx"
    assert "high_leverage" in {w.code for w in here.warnings}          # 15x is above this group's 10x
    elsewhere = await group.say("/liq long BTC 60000 15x", user=MEMBER, chat="-1002")
    assert elsewhere.result["venue"] == "binance"
    assert "high_leverage" not in {w.code for w in elsewhere.warnings}  # the bot's 20x
    direct = await group.say("/liq long BTC 60000 15x", user=MEMBER, chat=MEMBER, is_group=False)
    assert direct.result["venue"] == "binance"
    named = await group.say("/liq long BTC 60000 15x bybit", user=MEMBER)
    assert named.result["venue"] == "bybit"                             # a venue typed wins


async def test_settings_say_where_each_value_comes_from(group: Group) -> None:
    await group.say("/set venue=bybit cooldown=2h")
    text = plain_text(await group.say("/settings", user=MEMBER))
    assert "Venue: Bybit (set here)" in text
    assert "Nudge at most every: 2h (set here)" in text
    assert "High-leverage warning above: 20x (bot default)" in text
    await group.say("/set venue=default")
    assert "Venue: Binance (bot default)" in plain_text(await group.say("/settings"))


async def test_set_and_audit_are_for_groups(group: Group) -> None:
    for text in ("/set venue=okx", "/audit"):
        reply = await group.say(text, chat=MOD, is_group=False)
        assert reply.error.code == "usage" and "in a group" in reply.error.message
    assert "bot's defaults" in plain_text(await group.say("/settings", is_group=False, chat=MOD))


async def test_the_nudge_is_off_until_moderators_turn_it_on(group: Group) -> None:
    reply = await group.say("/liq long BTC 60000 50x", user=MEMBER)
    assert "group_nudge" not in {w.code for w in reply.warnings}
    await group.say("/set nudge=on")
    reply = await group.say("/liq long BTC 60000 50x", user=MEMBER)
    nudges = [w for w in reply.warnings if w.code == "group_nudge"]
    assert [w.text for w in nudges] == [DEFAULT_NUDGE.format(threshold="20")]


async def test_nudges_are_rate_limited_per_group_by_the_cooldown(group: Group, clock: Clock) -> None:
    await group.say("/set nudge=on cooldown=10m warning=Mods ask: 10x or less here")

    async def nudged(text: str = "/liq long BTC 60000 50x", chat: str = GROUP_CHAT) -> bool:
        reply = await group.say(text, user=MEMBER, chat=chat)
        return any(w.code == "group_nudge" and w.text == "Mods ask: 10x or less here" for w in reply.warnings) \
            if chat == GROUP_CHAT else any(w.code == "group_nudge" for w in reply.warnings)

    assert not await nudged("/liq long BTC 60000 20x")   # at the threshold: no nudge, cooldown not used
    assert await nudged()
    assert not await nudged()                             # within 10 minutes
    clock.advance(minutes=9, seconds=59)
    assert not await nudged()
    clock.advance(seconds=1)
    assert await nudged()
    assert not await nudged(chat="-1002")                 # another group never turned it on


async def test_private_answers_are_never_nudged(group: Group, tmp_path) -> None:
    await group.say("/set nudge=on")
    reply = await group.say("/save long BTC 60000 50x qty=1", user=MEMBER)   # no store: private answer
    assert reply.private and "group_nudge" not in {w.code for w in reply.warnings}


async def test_the_audit_trail_records_who_when_what_for_moderators_only(group: Group, clock: Clock) -> None:
    await group.say("/set venue=bybit nudge=on")
    clock.advance(hours=1)
    await group.say("/riskwarn ladder every=6h", channel="c1")
    clock.advance(minutes=5)
    await group.say("/riskwarn modes")
    assert (await group.say("/audit", user=MEMBER)).error.code == "forbidden"
    audit = await group.say("/audit")
    assert audit.private
    entries = audit.result["entries"]
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("telegram:1", "riskwarn"), ("telegram:1", "schedule"), ("telegram:1", "settings")]
    assert entries[2]["detail"] == "default_venue=bybit, nudge=on"
    assert entries[2]["at"] == "2026-11-23T09:00:00+00:00"
    assert "ladder every 6h in channel c1" in entries[1]["detail"]
    assert len((await group.say("/audit 2")).result["entries"]) == 2


async def test_riskwarn_cards(group: Group) -> None:
    assert (await group.say("/riskwarn", user=MEMBER)).error.code == "forbidden"
    card = await group.say("/riskwarn")
    assert card.ok and not card.private and card.result["template"] == "basics"
    no_text = await group.say("/riskwarn custom")
    assert no_text.error.code == "usage" and "/set warning=" in no_text.error.message
    await group.say("/set warning=Read the pinned rules before trading")
    custom = await group.say("/riskwarn custom")
    assert custom.notes == ("Read the pinned rules before trading",)
    # a member's own DM: the cards are there for anyone to read, nothing to schedule
    mine = await group.say("/riskwarn ladder", user=MEMBER, chat=MEMBER, is_group=False)
    assert mine.ok and mine.result["venue"] == "binance"
    refused = await group.say("/riskwarn every=6h", user=MEMBER, chat=MEMBER, is_group=False)
    assert refused.error.code == "usage"


async def test_the_ladder_uses_the_groups_venue_and_the_venues_own_formula(group: Group) -> None:
    await group.say("/set venue=hyperliquid")
    ladder = await group.say("/riskwarn ladder")
    assert ladder.result["venue"] == "hyperliquid"
    for rung, distance in ladder.result["distance_pct"].items():
        if distance is None:
            continue
        same = await group.say(f"/liq long BTC 100000 {rung}x hyperliquid")
        assert abs(distance + same.result["distance_pct"]) < 1e-6, rung


async def test_without_a_database_moderator_commands_say_so_and_calculations_work() -> None:
    from commands.context import Context

    group = Group(Context())
    reply = await group.say("/set venue=okx")
    assert reply.ok and reply.result == {"storage": False}
    assert (await group.say("/liq long BTC 60000 10x")).ok


async def test_a_closed_database_changes_nothing_and_calculations_still_answer(group: Group) -> None:
    await group.say("/set venue=okx")
    await group.context.groups.database.close()
    failed = await group.say("/set venue=bybit")
    assert failed.error.code == "storage" and "Nothing changed" in failed.error.message
    assert (await group.say("/liq long BTC 60000 10x", user=MEMBER)).ok
