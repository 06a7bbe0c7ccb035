"""Deep links: a private answer the DM refused is shown when its asker presses Start, to them only.

The group gets `https://t.me/<bot>?start=<token>`; Telegram then sends `/start <token>` from the
asker's DM. The token is opaque and bound to the asker; anyone else who opens the same link gets
the ordinary /start, and the answer is held 15 minutes at most, shown once.
"""

from __future__ import annotations

import re

from bot.telegram.deep_links import HOLD_SECONDS, HeldAnswers
from commands.context import Context
from commands.reply import Reply
from tests.telegram.conftest import BOT_USERNAME, settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1003330001
ALICE, BOB = 701, 702
LINK = re.compile(r'<a href="https://t\.me/' + BOT_USERNAME + r'\?start=([A-Za-z0-9_-]{1,64})">')


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def refused_in_group(fake: FakeBotApi, bot, text: str = "/positions") -> str:
    """ALICE, who never pressed Start, asks for something private in the group; returns the token."""
    fake.blocked_chats.add(ALICE)
    fake.message(text, user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await settle(fake, bot)
    [notice] = fake.sent_to(GROUP)
    [token] = LINK.findall(notice["text"])
    fake.blocked_chats.discard(ALICE)   # she opens the link and presses Start
    return token


async def start(fake: FakeBotApi, bot, user: int, token: str) -> str:
    before = len(fake.sent_to(user))
    fake.message(f"/start {token}", user_id=user)
    await settle(fake, bot)
    [answer] = fake.sent_to(user)[before:]
    return parse_html(answer["text"])


async def in_dm(fake: FakeBotApi, bot, text: str, user: int = ALICE + 100) -> str:
    """What `text` answers when asked directly in a DM (by a user with nothing stored)."""
    before = len(fake.sent_to(user))
    fake.message(text, user_id=user)
    await settle(fake, bot)
    return parse_html(fake.sent_to(user)[before]["text"])


async def test_start_from_the_link_shows_the_answer_in_the_dm(fake: FakeBotApi, saving_bot) -> None:
    token = await refused_in_group(fake, saving_bot, "/positions")
    assert str(ALICE) not in token and len(token) == 16
    shown = await start(fake, saving_bot, ALICE, token)
    assert shown == await in_dm(fake, saving_bot, "/positions")
    assert shown != await in_dm(fake, saving_bot, "/start")


async def test_someone_else_with_the_same_link_gets_the_greeting_and_the_owner_still_gets_hers(
        fake: FakeBotApi, saving_bot) -> None:
    token = await refused_in_group(fake, saving_bot, "/privacy")
    greeting = await start(fake, saving_bot, BOB, token)
    held = await start(fake, saving_bot, ALICE, token)
    assert greeting == await in_dm(fake, saving_bot, "/start")   # the ordinary /start: nothing of Alice's
    assert held == await in_dm(fake, saving_bot, "/privacy") != greeting


async def test_the_answer_is_shown_once(fake: FakeBotApi, saving_bot) -> None:
    token = await refused_in_group(fake, saving_bot, "/privacy")
    first, second = await start(fake, saving_bot, ALICE, token), await start(fake, saving_bot, ALICE, token)
    assert first != second and second == await start(fake, saving_bot, ALICE, "")


async def test_after_fifteen_minutes_the_link_shows_nothing(fake: FakeBotApi, start_bot, store) -> None:
    clock = Clock()
    bot = await start_bot(context=Context(store=store), held=HeldAnswers(clock=clock))
    token = await refused_in_group(fake, bot, "/privacy")
    clock.now += HOLD_SECONDS
    assert await start(fake, bot, ALICE, token) == await start(fake, bot, ALICE, "")


def test_the_table_is_bounded_and_tokens_are_opaque() -> None:
    held = HeldAnswers(max_held=3)
    tokens = [held.hold(42, Reply(command="x", title=str(n))) for n in range(5)]
    assert len(held) == 3 and len(set(tokens)) == 5
    assert held.take(tokens[0], 42) is None and held.take(tokens[4], 42).title == "4"
