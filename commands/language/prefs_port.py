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
