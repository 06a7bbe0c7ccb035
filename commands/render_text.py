"""Plain-text rendering of a `Reply`: the console's output and the `text` field of JSON answers.

Narrow on purpose (one figure a line) so that it reads on a phone as well as in a terminal.
"""

from __future__ import annotations

from commands.reply import Reply
from core.i18n import _, speaking

LEVEL_MARK = {"danger": "!!", "warn": "!", "info": "i"}


def plain_text(reply: Reply) -> str:
    with speaking(reply.speech):
        return _plain_text(reply)


def _plain_text(reply: Reply) -> str:
    if reply.error is not None:
        text = reply.error.message
        if reply.example:
            text += "\n" + _("Try: {example}", example=reply.example)
        return text + "".join(f"\n[{action.label}] {action.command}" for action in reply.actions)
    out: list[str] = []
    if reply.title:
        out.append(reply.title)
    if reply.headline is not None:
        out.append(f"{reply.headline.label}: {reply.headline.value}")
    out.extend(f"{line.label}: {line.value}" for line in reply.lines)
    if reply.warnings:
        out.append("")
        out.extend(f"{LEVEL_MARK.get(w.level, '!')} {w.text}" for w in reply.warnings)
    if reply.notes:
        out.append("")
        out.extend(f"- {note}" for note in reply.notes)
    if reply.actions:
        # No buttons here: show the command the button would run, ready to copy.
        out.append("")
        out.extend(f"[{action.label}] {action.command}" for action in reply.actions)
    return "\n".join(out)
