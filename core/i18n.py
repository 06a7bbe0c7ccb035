"""Every sentence riskbot says is spoken through here, in the language of whoever asked.

Code writes English templates with named placeholders, `_("Liquidation is {distance} away",
distance=...)`; the template is the message id of a gettext catalogue (commands/language). Which
catalogue answers is the `Speech` of the current request: dispatch sets it for a command's run, and
adapters set it again while they render that command's `Reply`. Core stays standard-library only:
it holds the hook and the English default, never the catalogues.

Numbers reach a template already formatted (commands/display), never inside a translation, so a
translator cannot change a digit. A template meant for later (a module constant, a registry entry)
is marked with `N_` and spoken with `_` where it is shown.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator


class Speech:
    """English, and the interface every catalogue implements.

    `regional` numbers use the language's own separators (`57 831,33`); by default every language
    shows canonical ones (`57,831.33`) so an answer can be pasted back as input."""

    language = "en"
    regional = False
    number_symbols: dict[int, str] | None = None   # a str.translate table, when regional

    def text(self, template: str) -> str:
        return template

    def plural(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


ENGLISH = Speech()
_current: ContextVar[Speech] = ContextVar("riskbot_speech", default=ENGLISH)


def _(template: str, /, **params: object) -> str:
    """`template` in the current language, with `params` put in its `{named}` places."""
    speech = _current.get()
    text = template if speech is ENGLISH else speech.text(template)   # English: no lookup at all
    return text.format(**params) if params else text


def _n(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The form of a counted phrase that suits `n` in the current language (Russian has three).
    `{count}` is `n` unless given formatted."""
    params.setdefault("count", n)
    return _current.get().plural(singular, plural, n).format(**params)


def N_(template: str) -> str:
    """Marks a template for the catalogue without speaking it yet (it is spoken where shown)."""
    return template


def speech() -> Speech:
    return _current.get()


def current_symbols() -> dict[int, str] | None:
    """The number separators of the current speech when regional (commands/display), else None."""
    return _current.get().number_symbols


@contextmanager
def speaking(chosen: Speech) -> Iterator[Speech]:
    """Everything said inside the block is said in `chosen`."""
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)
