"""Buttons end to end: a reply's actions as an inline keyboard, and presses as callback queries.

A press runs the button's command as the person it was made for, once, within 15 minutes; any
other press is answered with a short text and runs nothing. The SQLite file is read directly to
see what a press did.
"""

from __future__ import annotations


from bot.button_book import EXPIRED, LIFETIME, NOT_YOURS, ButtonBook
from commands.context import Context
from commands.reply import Action, Reply
from tests.telegram.conftest import settle, stored_rows
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1004433221100
ALICE, MALLORY = 601, 602
SAVE = "/save long BTC 60000 25x qty=0.5"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def answers(fake: FakeBotApi, query_id: str) -> list[str | None]:
    """The texts of the answerCallbackQuery calls for one press (None: answered without text)."""
    return [r.get("text") for r in fake.requests("answerCallbackQuery") if r["callback_query_id"] == query_id]


async def consent_prompt(fake: FakeBotApi, bot) -> dict:
    fake.message(SAVE, user_id=ALICE)
    [prompt] = await fake.wait_for_sent(1)
    return prompt


async def test_callback_queries_are_asked_for(fake: FakeBotApi, bot) -> None:
    await fake.wait_until(lambda: fake.requests("getUpdates"))
    assert "callback_query" in fake.requests("getUpdates")[0]["allowed_updates"]


async def test_the_button_carries_an_opaque_token_not_the_command(fake: FakeBotApi, saving_bot) -> None:
    prompt = await consent_prompt(fake, saving_bot)
    [[button]] = prompt["reply_markup"]["inline_keyboard"]
    data = button["callback_data"]
    assert len(data.encode()) <= 64
    assert "save" not in data and "BTC" not in data and "consent" not in data


async def test_the_consent_button_saves_the_position(fake: FakeBotApi, saving_bot, db_path) -> None:
    prompt = await consent_prompt(fake, saving_bot)
    assert stored_rows(db_path) == []
    query = fake.press(prompt, user_id=ALICE)
    await settle(fake, saving_bot)
    assert answers(fake, query) == [None]
    [row] = stored_rows(db_path)
    assert (row["owner"], row["symbol"], row["side"], row["entry"], row["quantity"], row["leverage"]) == \
        (f"telegram:{ALICE}", "BTC", "long", "60000", "0.5", "25")
    [_, saved] = fake.sent_to(ALICE)
    assert f"Saved as: #{row['id']}" in parse_html(saved["text"])
    [removed] = fake.requests("editMessageReplyMarkup")   # the used button is taken off the prompt
    assert int(removed["chat_id"]) == ALICE and "reply_markup" not in removed


async def test_a_strangers_press_saves_nothing_and_leaves_the_button_working(
        fake: FakeBotApi, saving_bot, db_path) -> None:
    prompt = await consent_prompt(fake, saving_bot)
    query = fake.press(prompt, user_id=MALLORY)
    await settle(fake, saving_bot)
    assert answers(fake, query) == [NOT_YOURS]
    assert stored_rows(db_path) == []
    assert len(fake.sent) == 1 and fake.requests("editMessageReplyMarkup") == []
    fake.press(prompt, user_id=ALICE)    # the owner's press still works afterwards
    await settle(fake, saving_bot)
    assert [row["owner"] for row in stored_rows(db_path)] == [f"telegram:{ALICE}"]


async def test_a_button_works_once(fake: FakeBotApi, saving_bot, db_path) -> None:
    prompt = await consent_prompt(fake, saving_bot)
    fake.press(prompt, user_id=ALICE)
    await settle(fake, saving_bot)
    again = fake.press(prompt, user_id=ALICE)   # a second tap before the keyboard disappeared
    await settle(fake, saving_bot)
    assert answers(fake, again) == [EXPIRED]
    assert len(stored_rows(db_path)) == 1


async def test_an_expired_or_forged_button_runs_nothing(fake: FakeBotApi, start_bot, store, db_path) -> None:
    clock = Clock()
    bot = await start_bot(context=Context(store=store), buttons=ButtonBook(clock=clock))
    prompt = await consent_prompt(fake, bot)
    clock.now += LIFETIME + 1
    late = fake.press(prompt, user_id=ALICE)
    forged = fake.press(prompt, user_id=ALICE, data="/forget confirm")
    await settle(fake, bot)
    assert answers(fake, late) == [EXPIRED] and answers(fake, forged) == [EXPIRED]
    assert stored_rows(db_path) == [] and len(fake.sent) == 1


async def test_the_forget_button_erases_everything(fake: FakeBotApi, saving_bot, store, db_path) -> None:
    fake.message(f"{SAVE} consent=yes", user_id=ALICE)
    fake.message(f"{SAVE} consent=yes", user_id=MALLORY)
    await fake.wait_for_sent(2)
    fake.message("/forget", user_id=ALICE)
    [*_, prompt] = await fake.wait_for_sent(3)
    assert fake.keyboard(prompt) == ["Yes, erase everything"]
    assert len(stored_rows(db_path, f"telegram:{ALICE}")) == 1   # asking deletes nothing
    fake.press(prompt, user_id=ALICE)
    [*_, done] = await fake.wait_for_sent(4)
    assert "Deleted: 2 rows" in parse_html(done["text"])   # the position and the opt-in
    assert stored_rows(db_path, f"telegram:{ALICE}") == []
    assert not await store.has_consented(f"telegram:{ALICE}")
    assert len(stored_rows(db_path, f"telegram:{MALLORY}")) == 1   # someone else's data stays


async def test_a_press_in_a_group_by_someone_else_is_refused(fake: FakeBotApi, start_bot) -> None:
    ran: list[str] = []

    async def offer_a_button(invocation, context) -> Reply:
        ran.append(f"{invocation.user_key} {invocation.text}")
        return Reply(command="help", title="Public answer", actions=(Action("Again <b>", "/help again"),))

    bot = await start_bot(dispatcher=offer_a_button)
    fake.message("/help", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    [answer] = await fake.wait_for_sent(1)
    assert int(answer["chat_id"]) == GROUP and fake.keyboard(answer) == ["Again <b>"]   # plain text, not HTML
    refused = fake.press(answer, user_id=MALLORY)
    await settle(fake, bot)
    assert answers(fake, refused) == [NOT_YOURS] and ran == [f"telegram:{ALICE} /help"]
    fake.press(answer, user_id=ALICE)
    [_, again] = await fake.wait_for_sent(2)
    assert ran[-1] == f"telegram:{ALICE} /help again"
    assert int(again["chat_id"]) == GROUP and parse_html(again["text"]) == "Public answer"
