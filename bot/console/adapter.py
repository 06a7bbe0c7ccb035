"""The console: the whole bot in a terminal, and the machine interface for scripts.

`riskbot console` is an interactive prompt (or reads one command per line when stdin is piped);
`riskbot ask [--json] [--chart FILE.png] TEXT|-` answers one command, or one per stdin line, each
answer on its own line; with --chart, a chart the answer carries (`/liq ... chart`) is drawn and
written to FILE.png (the last one, if several), and JSON answers name it under "attachment". It is
also the end-to-end harness the benchmarks and transcript tests drive.
"""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, TextIO

from bot.speech import speaking_to
from commands.context import Context
from commands.dispatch import dispatch
from commands.invocation import Invocation
from commands.render_text import plain_text
from commands.reply import Reply
from core.i18n import N_, _, speaking

CHART_HINT = N_("A chart goes to a file here: {command}.")   # the command is input syntax: never translated
CHART_COMMAND = 'riskbot ask --chart FILE.png "/liq ... chart"'
PROMPT = "riskbot> "
WELCOME = N_("riskbot console. Type /help for commands, Ctrl-D to quit.")


async def _operator() -> bool:
    return True


def console_invocation(text: str, lang: str | None = None) -> Invocation:
    """The console user is whoever runs the bot: the moderator of its own pretend group, so every
    command, moderator ones included, can be tried here. `lang` is --lang, the user's locale."""
    return Invocation(text=text, is_group=True, is_moderator=_operator, locale=lang)


# json.dumps builds a new encoder on every call once any option differs from the defaults.
_JSON = json.JSONEncoder(ensure_ascii=False)


def as_json(reply: Reply, written: Path | None = None) -> str:
    payload = {
        "ok": reply.ok, "command": reply.command, "result": reply.result,
        "warnings": [w.as_dict() for w in reply.warnings], "text": plain_text(reply),
        "error": None if reply.error is None else {"code": reply.error.code, "message": reply.error.message},
    }
    if reply.attachment is not None:   # named, not inlined: a chart is written to its --chart file
        payload["attachment"] = {"filename": reply.attachment.filename, "media_type": reply.attachment.media_type,
                                 "bytes": len(reply.attachment.data), "path": str(written) if written else None}
    return _JSON.encode(payload)


async def _with_chart(reply: Reply, chart_file: Path | None) -> tuple[Reply, Path | None]:
    """Draw the reply's chart into `chart_file`, or say how to get one; the file written, if any."""
    if reply.chart is None:
        return reply, None
    if chart_file is None:
        with speaking(reply.speech):
            hint = _(CHART_HINT, command=CHART_COMMAND)
        return replace(reply, chart=None, notes=(*reply.notes, hint)), None
    from bot.charts.attach import drawn, is_image
    from bot.charts.executor import ChartRenderer

    async with ChartRenderer("thread", deadline=30) as renderer:   # the terminal waits for its own chart
        reply = await drawn(reply, renderer)
    if not is_image(reply):
        return reply, None
    await asyncio.to_thread(chart_file.write_bytes, reply.attachment.data)  # type: ignore[union-attr]
    return reply, chart_file


async def _answer_lines(lines: Iterable[str], out: TextIO, context: Context, json_mode: bool,
                        blank_line_between: bool, chart_file: Path | None = None, lang: str | None = None) -> None:
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        reply, written = await _with_chart(await dispatch(console_invocation(line, lang), context), chart_file)
        out.write((as_json(reply, written) if json_mode else plain_text(reply)) + "\n")
        if written is not None and not json_mode:
            with speaking(reply.speech):
                out.write(_("--- chart {filename} written to {path} ---", filename=reply.attachment.filename,  # type: ignore[union-attr]
                            path=str(written)) + "\n")
        elif reply.attachment is not None and not json_mode:
            # The terminal is the user's own: the file's text follows the summary.
            out.write(f"--- {reply.attachment.filename} ---\n{reply.attachment.data.decode('utf-8')}\n")
        if blank_line_between:
            out.write("\n")
        out.flush()


def ask(text: str, as_json: bool = False, context: Context | None = None,
        stdin: TextIO | None = None, out: TextIO | None = None, chart: Path | None = None,
        lang: str | None = None) -> int:
    """`lang` (--lang) is the locale the answers speak unless a /lang choice says otherwise."""
    stdin, out = stdin or sys.stdin, out or sys.stdout
    lines = stdin if text.strip() == "-" else [text.replace("\n", " ")]
    asyncio.run(_answer_lines(lines, out, context or Context(), as_json, blank_line_between=False,
                              chart_file=chart, lang=lang))
    return 0


def _interactive(context: Context, lang: str | None = None) -> Iterable[str]:
    with speaking_to(lang):
        print(_(WELCOME))
    while True:
        try:
            yield input(PROMPT)
        except EOFError:
            print()
            return


Prepare = Callable[[Context], AbstractAsyncContextManager[Context]]


def console(context: Context | None = None, prepare: Prepare | None = None, lang: str | None = None) -> int:
    """`prepare` wraps the session in what must live inside its event loop (the live price feed's
    connections): it gets the context and yields the one to use."""
    context = context or Context()
    lines = _interactive(context, lang) if sys.stdin.isatty() else sys.stdin

    async def session() -> None:
        if prepare is None:
            await _answer_lines(lines, sys.stdout, context, json_mode=False, blank_line_between=True, lang=lang)
            return
        async with prepare(context) as ready:
            await _answer_lines(lines, sys.stdout, ready, json_mode=False, blank_line_between=True, lang=lang)

    try:
        asyncio.run(session())
    except KeyboardInterrupt:
        print()
    return 0
