"""One assertion shared by every adapter's tests: a platform shows the same numbers as the console.

Rather than keeping two copies of expected text, it asks the console path (the real dispatcher)
for the reply and checks that every figure it shows appears, unchanged, in what the platform sent.
"""

from __future__ import annotations

import html
import re

from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.reply import Reply

FIGURE = re.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?%?")


def figures(reply: Reply) -> list[str]:
    shown = [reply.headline] if reply.headline else []
    shown += list(reply.lines)
    found: list[str] = []
    for line in shown:
        found += FIGURE.findall(line.value)
    return found


async def console_reply(text: str) -> Reply:
    return await dispatch(Invocation(text=text))


async def assert_same_numbers(command_text: str, platform_text: str) -> None:
    reply = await console_reply(command_text)
    assert reply.ok, reply.error
    expected = figures(reply)
    assert expected, "the console reply shows no figures to compare"
    shown = html.unescape(platform_text)
    missing = [f for f in expected if f not in shown]
    assert not missing, f"figures {missing} from the console are missing on the platform: {shown!r}"
