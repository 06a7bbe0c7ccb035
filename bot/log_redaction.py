"""Keep secrets out of log records, whatever logged them and at whatever level.

A Telegram token is part of every Bot API URL, and httpx logs each request URL at INFO; an
exception raised deep in the HTTP stack can carry the URL too. python-telegram-bot logs every
Bot API call's parameters at DEBUG, the webhook secret of `setWebhook` included. discord.py logs,
at DEBUG, each gateway event (an interaction's `token`, valid 15 minutes to post as the bot) and
each request URL (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}`).

Raising the httpx logger to WARNING (bot/main.py does) is the first line of defence; this filter
is the second: it rewrites the message, its arguments and the formatted traceback of every record
that passes through the loggers it is attached to, replacing the secrets it was given (bot
tokens, the webhook secret) and anything shaped like a token (`SHAPES`) with `[redacted]`.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable

REDACTED = "[redacted]"
TOKEN_SHAPE = re.compile(r"\d{6,12}:[A-Za-z0-9_-]{30,}")   # Telegram: 123456:ABC...
# (pattern, what stays): a Discord bot token (three dot-separated base64url parts), an interaction
# or webhook token in a URL, and a "token" field in a logged payload (JSON or a Python repr).
SHAPES = (
    (re.compile(r"[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"), ""),
    (re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s'\"?]+"), r"\1"),
    (re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]+"""), r"\1"),
)
RISKBOT_LOGGERS = ("riskbot", "bot", "commands")


class TokenRedactor(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        for shape, kept in SHAPES:
            text = shape.sub(kept + REDACTED if kept else REDACTED, text)
        return TOKEN_SHAPE.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem; still keep the token out
            message = f"{record.msg!r} {record.args!r}"
        clean = self.redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install(redactor: TokenRedactor, namespaces: Iterable[str]) -> list[logging.Logger]:
    """Attach `redactor` to each of `namespaces` and every existing logger below them.

    A filter on a logger does not see records of its children, so each logger gets it; the
    libraries create their loggers at import time, before this runs.
    """
    namespaces = tuple(namespaces)
    below = tuple(f"{name}." for name in namespaces)
    names = [name for name in logging.root.manager.loggerDict if name.startswith(below)]
    loggers = [logging.getLogger(name) for name in {*names, *namespaces}]
    for logger in loggers:
        if redactor not in logger.filters:
            logger.addFilter(redactor)
    return loggers


def uninstall(redactor: TokenRedactor, loggers: Iterable[logging.Logger]) -> None:
    for logger in loggers:
        logger.removeFilter(redactor)
