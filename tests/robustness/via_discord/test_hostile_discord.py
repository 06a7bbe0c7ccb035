"""Every echoed-input row of the catalogue typed into Discord, through real discord.py and the fake
gateway: as the typed `symbol` option and as free text in `extras` (two different ways into the
one parser). Each gets exactly one answer, sent with `allowed_mentions` allowing nothing, within
Discord's message and embed limits (the fake records any breach, checked when it shuts down), and
with every mention broken and every Markdown character escaped in what is shown.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.discord.adapter import DiscordAdapter
from tests.discord.conftest import embed_text
from tests.discord.discord_rules import message_problems
from tests.discord.fake_discord import FakeDiscord
from tests.robustness.catalogue import ECHOED, Case

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25, mode="isolated")
PING = re.compile(r"@(everyone|here)|<@[!&]?[0-9]")
UNESCAPED_MARKDOWN = re.compile(r"(?<!\\)(\*\*|\|\||`|\[[^\]]*\]\([^)]*\))")  # bold, spoiler, code, masked link


def _raw_symbol(case: Case) -> str:
    """What the user typed where the symbol goes: between `/liq long ` and the entry price."""
    return case.text.removeprefix("/liq long ").rsplit(" 60000", 1)[0]


async def _only_answer(fake: FakeDiscord, interaction_id: str) -> dict:
    await fake.answer(interaction_id)
    await asyncio.sleep(0.05)                      # room for a second message, which must not come
    [sent] = fake.sent(interaction_id)
    return sent.data


@pytest.mark.parametrize("case", ECHOED, ids=str)
async def test_hostile_symbol_option_cannot_ping_or_format(bot: DiscordAdapter, fake: FakeDiscord, case: Case) -> None:
    typed = _raw_symbol(case)
    for options in ({**LIQ, "symbol": typed}, {**LIQ, "extras": typed}):
        data = await _only_answer(fake, await fake.command("liq", **options))
        assert data["allowed_mentions"] == {"parse": []}
        assert message_problems(data) == []
        shown = embed_text(data) + (data.get("content") or "")
        assert "Try: /liq" in shown, (case, shown)
        assert not PING.search(shown), (case, shown)
        assert not UNESCAPED_MARKDOWN.search(shown.split("Try:")[0]), (case, shown)
