"""The console: the whole bot in a terminal, and the machine interface for scripts.

`riskbot console` is an interactive prompt (or reads one command per line when stdin is piped);
`riskbot ask [--json] TEXT|-` answers one command, or one per stdin line, each answer on its own
line. It is also the end-to-end harness the benchmarks and transcript tests drive.
"""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import AbstractAsyncContextManager
from typing import Callable, Iterable, TextIO

from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text
from commands.reply import Reply

PROMPT = "riskbot> "
WELCOME = "riskbot console. Type /help for commands, Ctrl-D to quit."


async def _operator() -> bool:
    return True


def console_invocation(text: str) -> Invocation:
    """The console user is whoever runs the bot: the moderator of its own pretend group, so every
    command, moderator ones included, can be tried here."""
    return Invocation(text=text, is_group=True, is_moderator=_operator)


# json.dumps builds a new encoder on every call once any option differs from the defaults.
_JSON = json.JSONEncoder(ensure_ascii=False)


def as_json(reply: Reply) -> str:
    payload = {
        "ok": reply.ok, "command": reply.command, "result": reply.result,
        "warnings": [w.as_dict() for w in reply.warnings], "text": plain_text(reply),
        "error": None if reply.error is None else {"code": reply.error.code, "message": reply.error.message},
    }
    return _JSON.encode(payload)


async def _answer_lines(lines: Iterable[str], out: TextIO, context: Context, json_mode: bool,
                        blank_line_between: bool) -> None:
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        reply = await dispatch(console_invocation(line), context)
        out.write((as_json(reply) if json_mode else plain_text(reply)) + "\n")
        if reply.attachment is not None and not json_mode:
            # The terminal is the user's own: the file's text follows the summary.
            out.write(f"--- {reply.attachment.filename} ---\n{reply.attachment.data.decode('utf-8')}\n")
        if blank_line_between:
            out.write("\n")
        out.flush()


def ask(text: str, as_json: bool = False, context: Context | None = None,
        stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    stdin, out = stdin or sys.stdin, out or sys.stdout
    lines = stdin if text.strip() == "-" else [text.replace("\n", " ")]
    asyncio.run(_answer_lines(lines, out, context or Context(), as_json, blank_line_between=False))
    return 0


def _interactive(context: Context) -> Iterable[str]:
    print(WELCOME)
    while True:
        try:
            yield input(PROMPT)
        except EOFError:
            print()
            return


Prepare = Callable[[Context], AbstractAsyncContextManager[Context]]


def console(context: Context | None = None, prepare: Prepare | None = None) -> int:
    """`prepare` wraps the session in what must live inside its event loop (the live price feed's
    connections): it gets the context and yields the one to use."""
    context = context or Context()
    lines = _interactive(context) if sys.stdin.isatty() else sys.stdin

    async def session() -> None:
        if prepare is None:
            await _answer_lines(lines, sys.stdout, context, json_mode=False, blank_line_between=True)
            return
        async with prepare(context) as ready:
            await _answer_lines(lines, sys.stdout, ready, json_mode=False, blank_line_between=True)

    try:
        asyncio.run(session())
    except KeyboardInterrupt:
        print()
    return 0
