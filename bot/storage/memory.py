"""An in-memory `PositionStore`: the fake that command tests use, and the store for a bot run
without a database file.

It passes the same contract suite as the SQLite store (tests/storage/test_contract.py), so a
command tested against it behaves the same in production. It also keeps users' /lang choices
(`LanguagePrefs`), so its /forget and /export cover them as the database stores' do. The input checks are the shared ones in
`commands.saved.store_port`; only the bookkeeping is local.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Callable

from bot.storage.sqlite.languages import language_record
from commands.language.prefs_port import check_language
from core.i18n import N_
from commands.saved.store_port import (
    EDITABLE, Consent, ConsentRequired, ExportList, NewPosition, PositionList, StoredPosition,
    check_changes, check_new, check_owner, consent_record, is_possible_id,
)


class MemoryPositionStore:
    erasure = N_("This bot keeps saved positions in memory only: erased rows are gone at once, and all on restart.")

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> None:
        self._clock = clock
        self._consents: dict[str, Consent] = {}
        self._positions: dict[int, StoredPosition] = {}
        self._languages: dict[str, tuple[str, datetime]] = {}
        self._last_id = 0  # never reused, like SQLite's AUTOINCREMENT

    async def close(self) -> None:
        pass

    async def has_consented(self, owner: str) -> bool:
        return check_owner(owner) in self._consents

    async def record_consent(self, owner: str) -> Consent:
        owner = check_owner(owner)
        return self._consents.setdefault(owner, Consent(owner, self._clock()))

    async def save(self, owner: str, position: NewPosition) -> StoredPosition:
        owner, position, now = check_owner(owner), check_new(position), self._clock()
        if owner not in self._consents:
            raise ConsentRequired(owner)
        self._last_id += 1
        values = {name: getattr(position, name) for name in EDITABLE}
        stored = StoredPosition(**values, id=self._last_id, owner=owner,
                                created_at=now, updated_at=now)
        self._positions[stored.id] = stored
        return stored

    async def get(self, owner: str, position_id: int) -> StoredPosition | None:
        owner = check_owner(owner)
        if not is_possible_id(position_id):
            return None
        found = self._positions.get(position_id)
        return found if found is not None and found.owner == owner else None

    async def list(self, owner: str) -> PositionList:
        owner = check_owner(owner)
        return [p for p in self._positions.values() if p.owner == owner]  # dicts keep id order

    async def update(self, owner: str, position_id: int, **changes: Any) -> StoredPosition | None:
        owner, changes, now = check_owner(owner), check_changes(changes), self._clock()
        found = await self.get(owner, position_id)
        if found is None or not changes:
            return found
        updated = replace(found, **changes, updated_at=now)
        self._positions[position_id] = updated
        return updated

    async def delete(self, owner: str, position_id: int) -> bool:
        if await self.get(owner, position_id) is None:
            return False
        del self._positions[position_id]
        return True

    async def forget(self, owner: str) -> int:
        owner = check_owner(owner)
        mine = [pid for pid, p in self._positions.items() if p.owner == owner]
        for pid in mine:
            del self._positions[pid]
        return (len(mine) + (self._consents.pop(owner, None) is not None)
                + (self._languages.pop(owner, None) is not None))

    async def export(self, owner: str) -> ExportList:
        consent = self._consents.get(check_owner(owner))
        records = [consent_record(consent)] if consent else []
        chosen = self._languages.get(owner)
        language = [language_record(owner, chosen[0], chosen[1].isoformat())] if chosen else []
        return records + [p.as_dict() for p in await self.list(owner)] + language

    async def language_of(self, user: str) -> str | None:
        chosen = self._languages.get(check_owner(user))
        return chosen[0] if chosen else None

    async def set_language(self, user: str, language: str | None) -> None:
        user, language = check_owner(user), check_language(language)
        if language is None:
            self._languages.pop(user, None)
        else:
            self._languages[user] = (language, self._clock())
