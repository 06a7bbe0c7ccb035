"""Hypothesis drives dispatch with command-shaped text built from the registry itself (every
command name, every key=value name the grammar knows, the words it recognises) mixed with junk,
Unicode digits and huge exponents, then renders each reply the way each platform would get it.

tests/commands/test_dispatch_fuzz.py asserts that dispatch answers; this one asserts what the
platforms would accept: the Telegram HTML parses under the Bot API's rules and fits one message,
the Discord embed is within every embed limit, and no input, moderator commands included, ever
reaches the "internal" apology.
"""

from __future__ import annotations

import asyncio
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from bot.discord.render import render
from bot.message_split import TELEGRAM_LIMIT, utf16_len
from bot.telegram.render import render_html
from commands.dispatch import dispatch
from commands.grammar import KEYS, MODES, SIDES
from commands.invocation import Invocation
from commands.catalog import all_commands
from commands.render_text import plain_text
from core.venues import ALIASES
from tests.discord.conftest import embed_text
from tests.discord.discord_rules import message_problems
from tests.telegram.telegram_html import check_message_text

TAG = re.compile(r"</?([A-Za-z][\w-]*)")
RENDERER_TAGS = {"b", "i", "code", "blockquote"}
PING = re.compile(r"@(everyone|here)|<@[!&]?[0-9]")
DANGEROUS = ["@everyone", "@here", "<@&123456789012345678>", "<b>x</b>", "</code>", "a&b", "**BTC**",
             "[x](https://evil.example)", "'; DROP TABLE positions; --", "\x1b[2J", "\u202e", "\u200b"]
UNICODE_DIGITS = ["٦٠٠٠٠", "۶۰۰۰۰", "６００００", "६००००", "𝟔𝟎𝟎𝟎𝟎", "60000²", "½", "①"]
HUGE = ["1e999999999", "1E+999999", "9" * 40, "1e-400", "nan", "-inf", "sNaN", "0x10", "1_000", "60.000,5"]

numbers = st.one_of(
    st.integers(min_value=0, max_value=10**16).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=0, max_value=10**9).map(str),
    st.sampled_from(UNICODE_DIGITS + HUGE + ["60k", "1.5m", "60,000.5", "0.5%", "25%", "100%", "-3"]),
)
words = st.sampled_from(sorted({*SIDES, *MODES, *ALIASES, "linear", "inverse", "BTC", "ETHUSDT", "BTCUSD",
                                "BTC/USDT", "explain", "confirm", "25x", "x125", "1x", "0x", "200x", "#3", "1@60000"}))
key_values = st.builds(lambda k, v: f"{k}={v}", st.sampled_from(sorted(KEYS)), st.one_of(numbers, words,
                                                                                        st.text(max_size=8)))
tokens = st.one_of(numbers, words, key_values, st.sampled_from(DANGEROUS), st.text(max_size=10))
any_command = st.builds(lambda name, parts: " ".join([f"/{name}", *parts]),
                        st.sampled_from([c.name for c in all_commands()]), st.lists(tokens, max_size=9))
# A well-formed position first, so that answers (not only usage errors) meet the odd extras.
good_position = st.builds(lambda name, side, entry, lev, parts: " ".join([f"/{name} {side} BTC {entry} {lev}x", *parts]),
                          st.sampled_from(["liq", "pnl", "size", "save"]), st.sampled_from(["long", "short"]),
                          st.integers(1, 10**9), st.integers(1, 150), st.lists(tokens, max_size=4))
command_text = st.one_of(any_command, good_position)


async def _yes() -> bool:
    return True


async def _no() -> bool:
    return False


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=command_text, in_group=st.booleans(), moderator=st.booleans())
def test_every_reply_fits_both_platforms(text: str, in_group: bool, moderator: bool) -> None:
    invocation = Invocation(text=text, platform="telegram", user_id="42", chat_id="-100" if in_group else "42",
                            is_group=in_group, is_moderator=_yes if moderator else _no)
    reply = asyncio.run(dispatch(invocation))
    assert reply.error is None or reply.error.code != "internal", (text, reply.error)
    assert plain_text(reply).strip()

    html = render_html(reply)
    visible = check_message_text(html, "HTML")      # raises as the Bot API would on bad HTML
    assert utf16_len(html) <= TELEGRAM_LIMIT, "one message, no split needed"
    assert visible.strip()
    assert set(TAG.findall(html)) <= RENDERER_TAGS, "a user's markup is shown as text, never as a tag"

    embed = render(reply).to_dict()
    assert message_problems({"embeds": [embed]}) == [], (text, embed)
    shown = embed_text({"embeds": [embed]})
    assert not PING.search(shown), "every mention is broken by escape_mentions"
