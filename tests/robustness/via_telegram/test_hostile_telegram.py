"""Every echoed-input row of the catalogue (mentions, markup, SQL, look-alikes) typed into Telegram:
the real python-telegram-bot application against the fake Bot API, which refuses bad HTML and
over-long text exactly as the real one answers 400.

Each input is answered exactly once, in HTML the Bot API accepts, within 4,096 characters, with
the user's markup shown as text: the only tags are the renderer's own, and the symbol as typed is
visible in the message (escaped, not interpreted). Invisible format characters are dropped by the
parser, so the visible text is compared without them.
"""

from __future__ import annotations

import re
import unicodedata

from commands.reply import visible as shown
from tests.robustness.catalogue import ECHOED, PLAIN
from tests.telegram.conftest import settle
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import MAX_TEXT, parse_html

TAG = re.compile(r"</?([A-Za-z][\w-]*)")
RENDERER_TAGS = {"b", "i", "code", "blockquote"}


def _symbol(text: str) -> str:
    """The symbol as the parser sees it: third token of `/liq long SYMBOL ...`, format chars dropped."""
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return visible.split()[2]


async def test_every_echoed_input_is_answered_once_as_text(fake: FakeBotApi, bot) -> None:
    cases = [*ECHOED, None]                             # a plain command last: the bot still answers
    for user, case in enumerate(cases, start=5000):     # one user each: no cooldown in the way
        fake.message(case.text if case else PLAIN, user_id=user)
    sent = await fake.wait_for_sent(len(cases), timeout=10)
    await settle(fake, bot)
    assert len(fake.sent) == len(cases), "exactly one answer per message"
    assert all(call.status == 200 for call in fake.calls if call.method == "sendMessage")
    by_chat = {int(message["chat_id"]): message for message in sent}
    for user, case in enumerate(cases, start=5000):
        message = by_chat[user]
        assert message["parse_mode"] == "HTML"
        visible = parse_html(message["text"])
        assert len(visible) <= MAX_TEXT
        assert set(TAG.findall(message["text"])) <= RENDERER_TAGS, (case, message["text"])
        if case is None:
            assert visible.startswith("Liquidation")
            continue
        assert "Try: /liq" in visible and len(visible) < 300, visible
        symbol = _symbol(case.text)
        # quoted back as typed, except that invisible and control characters show as U+FFFD
        assert shown(symbol[:24]).upper() in visible.upper(), (case, symbol, visible)
        assert shown(visible) == visible
        assert "Traceback" not in visible
