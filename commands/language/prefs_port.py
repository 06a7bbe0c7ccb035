"""The port for a user's own language choice (/lang): data about that user, so /privacy lists it and
/forget erases it. Keyed by `Invocation.user_key`; a backend that cannot answer raises
`StorageUnavailable`, and the request is then answered in the platform's language."""

from __future__ import annotations

from typing import Protocol


class LanguagePrefs(Protocol):
    async def language_of(self, user: str) -> str | None:
        """The language `user` chose with /lang, or None (automatic)."""

    async def set_language(self, user: str, language: str | None) -> None:
        """Store `user`'s choice; None forgets it (/lang auto)."""


def check_language(language: object) -> str | None:
    """What a store accepts: one of `LANGUAGES` as written there (`pt-BR`), or None. Anything else is
    a bug in the caller (commands normalise first), so it is refused rather than kept."""
    from commands.language.languages import LANGUAGES

    if language is None or (isinstance(language, str) and language in LANGUAGES):
        return language
    raise ValueError(f"not a language riskbot speaks: {language!r}")
