"""A group's language and number style (/set lang=, /set numbers=) through `dispatch`, on SQLite and
PostgreSQL: the language reaches members whose app names none we speak, regional numbers use the
language's own separators (Babel's CLDR symbols), and what is typed back in stays canonical."""

from __future__ import annotations

from babel.numbers import get_decimal_symbol, get_group_symbol

from commands.dispatch import dispatch
from commands.grammar import parse
from commands.invocation import Invocation
from commands.registry import find
from commands.render_text import plain_text
from tests.groups.conftest import GROUP_CHAT, Group

MEMBER = "2"


async def member_says(group: Group, text: str, locale: str | None = None):
    invocation = Invocation(text=text, platform="telegram", user_id=MEMBER, chat_id=GROUP_CHAT, is_group=True,
                            locale=locale)
    return await dispatch(invocation, group.context)


async def test_the_group_language_reaches_members_without_a_platform_language(group: Group) -> None:
    assert (await member_says(group, "/liq long BTC 60000 25x")).speech.language == "en"
    assert (await member_says(group, "/set lang=tr")).error.code == "forbidden"    # moderators only
    changed = await group.say("/set lang=TR")
    assert changed.ok and changed.result["language"] == "tr"
    assert ("Language", "Türkçe (tr) (set here)") in [(l.label, l.value) for l in changed.lines]
    assert (await member_says(group, "/liq long BTC 60000 25x")).speech.language == "tr"
    assert (await member_says(group, "/liq long BTC 60000 25x", locale="es")).speech.language == "es"  # app first
    shown = await member_says(group, "/lang")
    assert shown.result["language"] == "tr" and shown.result["source"] == "group"
    assert (await group.say("/set lang=auto")).result["language"] is None
    assert (await member_says(group, "/liq long BTC 60000 25x")).speech.language == "en"
    await group.say("/set lang=pt-br")
    assert (await group.say("/settings")).result["language"] == "pt-BR"
    assert (await group.say("/set lang=off")).result["language"] is None


async def test_bad_values_are_refused_with_the_accepted_ones(group: Group) -> None:
    bad = await group.say("/set lang=klingon")
    assert bad.error.code == "usage" and "en, ru, zh-CN, es, pt-BR, tr, vi" in bad.error.message
    bad = await group.say("/set numbers=local")
    assert bad.error.code == "usage" and "regional" in bad.error.message and "canonical" in bad.error.message
    assert (await group.say("/settings")).result["numbers"] is None


async def test_regional_numbers_use_the_languages_separators(group: Group) -> None:
    await group.say("/set lang=ru numbers=regional")
    reply = await member_says(group, "/liq long BTC 57831.33 25x")
    assert reply.speech.language == "ru" and reply.speech.regional
    text = plain_text(reply)
    assert f"57{get_group_symbol('ru')}831{get_decimal_symbol('ru')}33" in text
    assert "57,831.33" not in text
    assert reply.result["entry_price"] == 57831.33           # the machine interface stays plain numbers
    for typed in ("/liq long BTC 57 831,33 25x", "/liq long BTC 57831,33 25x",
                  f"/liq long BTC 57{get_group_symbol('ru')}831{get_decimal_symbol('ru')}33 25x"):
        assert (await member_says(group, typed)).error.code == "usage"   # input stays canonical
    canonical = await group.say("/set numbers=canonical")
    assert canonical.result["numbers"] == "canonical"
    assert "57,831.33" in plain_text(await member_says(group, "/liq long BTC 57831.33 25x"))


async def test_commands_offered_to_run_again_stay_canonical_in_a_regional_group(group: Group) -> None:
    await group.say("/set lang=ru numbers=regional charts=on")
    offered = []
    for text in ("/liq long BTC 57831.33", "/liq BTC 57831.33 25x", "/liq long BTC 57831.33 25x qty=1.5"):
        reply = await member_says(group, text)
        offered += [action.command for action in reply.actions]
        offered += [reply.example] if reply.example else []
    assert offered
    for command in offered:
        name, _, rest = command.lstrip("/").partition(" ")
        parse(rest, find(name))                          # raises UsageError if a number was localised
        assert (await member_says(group, command)).ok
