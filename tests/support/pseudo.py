"""Text as the pseudo-locale says it: what a test expects a user of `qps` to read. Every template
is in the catalogue (tests/language holds it to that), so a template that is not would show as
plain English here and fail the assertion that compares with it."""

from __future__ import annotations

from commands.language.catalogues import speech_for
from core.i18n import _, speaking

QPS = speech_for("qps")


def spoken(template: str, **params: object) -> str:
    with speaking(QPS):
        return _(template, **params)
