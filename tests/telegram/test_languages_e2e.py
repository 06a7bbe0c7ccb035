"""The user's language through the real python-telegram-bot: the `language_code` Telegram sends
with every message, button press and inline query reaches dispatch, the answer is rendered in the
language it was composed in, and our own lines (a "slow down", a refused button) are spoken in
the language of whoever they are for.

A user with `language_code=ru` gets the Russian answer (same digits as the English one); the
pseudo-locale (`qps`) shows our own lines went through the catalogue: they arrive wrapped and
accented (`⟦Ţŕý: ...⟧`). A line not yet in the catalogue (`make messages` not run) is skipped with
that reason rather than passing on English.
"""

from __future__ import annotations

from html import unescape

from bot.button_book import NOT_YOURS
from bot.cooldown import SLOW_DOWN, Cooldown
from bot.telegram.delivery import USE_A_DM
from commands.dispatch import dispatch
from tests.support.pseudo import spoken
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi

GROUP = -1005566778899
ALICE, BORIS, MALLORY = 801, 802, 803
TRY_IN_PSEUDO = "\u27e6\u0162\u0155\u00fd: <code>/liq long BTC 60000 25x isolated</code>\u27e7"



async def test_the_answer_is_rendered_in_the_askers_language(fake: FakeBotApi, bot) -> None:
    fake.language_codes[ALICE] = "qps"
    fake.message("/liq long", user_id=ALICE)
    [answer] = await fake.wait_for_sent(1)
    assert TRY_IN_PSEUDO in answer["text"]          # the renderer's own "Try:", HTML kept intact
    fake.message("/liq long", user_id=BORIS)          # no language_code: English, as before
    [_first, english] = await fake.wait_for_sent(2)
    assert "\nTry: <code>/liq long BTC 60000 25x isolated</code>" in english["text"]
    assert "\u27e6" not in english["text"]


async def test_message_press_and_inline_query_carry_the_language(fake: FakeBotApi, start_bot) -> None:
    seen: list[tuple[str | None, str]] = []

    async def recording_dispatch(invocation, context):
        reply = await dispatch(invocation, context)
        seen.append((invocation.locale, reply.speech.language))
        return reply

    bot = await start_bot(dispatcher=recording_dispatch)
    fake.language_codes[BORIS] = "ru"
    fake.message("/liq BTC 60000 10x", user_id=BORIS, chat_id=GROUP, chat_type="supergroup")
    [question] = await fake.wait_for_sent(1)
    fake.press(question, user_id=BORIS, button=0)
    await fake.wait_for_sent(2)
    fake.inline_query("liq long BTC 60000 25x", user_id=BORIS)
    await fake.wait_until(lambda: fake.requests("answerInlineQuery"))
    await settle(fake, bot)
    assert seen == [("ru", "ru")] * 3
    # Boris reads Russian, Alice (no language_code) English; the numbers are the same digits.
    fake.message("/liq long BTC 60000 25x", user_id=BORIS)
    fake.message("/liq long BTC 60000 25x", user_id=ALICE)
    *_rest, russian, english = await fake.wait_for_sent(4)
    assert russian["text"].startswith("<b>Ликвидация: 57,831.33</b>\n<i>BTC лонг 25x изолированная")
    assert english["text"].startswith("<b>Liquidation: 57,831.33</b>\n<i>BTC long 25x isolated")


async def test_slow_down_is_said_in_the_users_language(fake: FakeBotApi, start_bot) -> None:
    bot = await start_bot(cooldown=Cooldown(burst=1, window=60))
    fake.language_codes[ALICE] = "qps"
    for _turn in range(2):
        fake.message("/help", user_id=ALICE)
    await settle(fake, bot)
    assert unescape(fake.sent[-1]["text"]) == spoken(SLOW_DOWN) != SLOW_DOWN


async def test_a_refused_press_is_answered_in_the_pressers_language(fake: FakeBotApi, bot) -> None:
    fake.language_codes[MALLORY] = "qps"
    fake.message("/liq BTC 60000 10x", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    [question] = await fake.wait_for_sent(1)
    fake.press(question, user_id=MALLORY, button=0)
    await settle(fake, bot)
    [refusal] = fake.requests("answerCallbackQuery")
    assert refusal["text"] == spoken(NOT_YOURS) != NOT_YOURS


async def test_an_inline_refusal_is_in_the_users_language(fake: FakeBotApi, bot) -> None:
    fake.language_codes[ALICE] = "qps"
    fake.inline_query("/forget confirm", user_id=ALICE)
    [answer] = await fake.wait_until(lambda: fake.requests("answerInlineQuery"))
    [card] = answer["results"]
    assert unescape(card["input_message_content"]["message_text"]) == spoken(USE_A_DM, command="forget")
