"""The platform-neutral answer every command returns.

A `Reply` is data: a title, one headline figure, a few labelled lines, warnings, an assumptions
footer and a machine-readable `result`. It holds no Markdown, HTML or mentions; each adapter renders
it for its platform (plain text, Telegram HTML, a Discord embed, JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commands.charts.model import Chart
from core.i18n import Speech, speech as current_speech
from core.risk_warnings import RiskWarning


@dataclass(frozen=True)
class Line:
    """One labelled figure, e.g. ("Bankruptcy", "57,600.00")."""

    label: str
    value: str


@dataclass(frozen=True)
class ErrorInfo:
    """Why a request was not answered: `usage` (bad input) or `internal` (our fault)."""

    code: str
    message: str


@dataclass(frozen=True)
class Action:
    """A button offered with a reply: pressing it runs `command` as the person who got the reply.

    Adapters keep `command` on their side and put only an opaque token in the button, and honour a
    press only from that same user; platforms without buttons (the console) show `command` as text.
    """

    label: str
    command: str


@dataclass(frozen=True)
class Attachment:
    """A file that goes with the reply: an /export (sent as a document), or a drawn chart
    (`image/png`: a photo on Telegram, the embed's image on Discord)."""

    filename: str
    data: bytes
    media_type: str = "application/json"


@dataclass(frozen=True)
class Reply:
    command: str
    title: str = ""
    headline: Line | None = None
    lines: tuple[Line, ...] = ()
    warnings: tuple[RiskWarning, ...] = ()
    notes: tuple[str, ...] = ()
    result: dict[str, Any] = field(default_factory=dict)
    error: ErrorInfo | None = None
    example: str | None = None
    private: bool = False
    actions: tuple[Action, ...] = ()
    attachment: Attachment | None = None
    # A chart to draw (commands/charts/model.py). The adapter draws it off the event loop and
    # sends it as the attachment (bot/charts/attach.py); a chart too late to draw is left out.
    chart: Chart | None = field(default=None, compare=False, repr=False)
    # The language (and number style) the reply was composed in: the one in effect where it is
    # built (dispatch's choice for the request, /lang's new one, a scheduled card's group's).
    # Adapters render under it (`core.i18n.speaking`), so their own words match the answer's.
    speech: Speech = field(default_factory=current_speech, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None


def usage_reply(command: str, message: str, example: str | None) -> Reply:
    """The one shape of a bad-input answer: what was not understood, and the right form.

    The message often quotes what the user typed; control, bidi-override and other invisible or
    unencodable characters in it are shown as U+FFFD, so a quoted token can neither reorder nor
    hide the text around it, nor break an adapter's encoder."""
    return Reply(command=command, error=ErrorInfo("usage", visible(message)), example=example)


def visible(text: str) -> str:
    return text if text.isprintable() else "".join(ch if ch.isprintable() or ch == "\n" else "\ufffd" for ch in text)
