"""The port through which moderator commands keep group settings, the audit trail and schedules.

Commands depend on this Protocol; bot/storage/sqlite/groups.py implements it on the shared SQLite file. A
group is `platform:chat` (`telegram:-100123`, `discord:<server id>`, `console:console`); an actor is
a user key (`telegram:42`). Every change of settings and every schedule change is written together
with its audit entry, in one transaction, so the trail cannot miss a change. A backend that cannot
do its job raises `StorageUnavailable` (from commands/saved/store_port.py), never anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class GroupSettings:
    """One group's choices. None means "not set here": the bot's default applies."""

    default_venue: str | None = None
    leverage_threshold: Decimal | None = None
    nudge: bool | None = None
    warning_text: str | None = None
    nudge_cooldown: int | None = None  # seconds
    charts: bool | None = None  # charts in public answers (None: off, the default in groups)
    # The group's language for members whose platform names none we speak (/set lang=ru), and
    # "regional" for numbers in that language's separators (/set numbers=regional).
    language: str | None = None
    numbers: str | None = None

    def changed(self, **changes: object) -> GroupSettings:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise TypeError(f"not a group setting: {', '.join(sorted(unknown))}")
        return GroupSettings(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


SETTING_NAMES = tuple(f.name for f in fields(GroupSettings))


@dataclass(frozen=True)
class AuditEntry:
    id: int
    group: str
    actor: str
    at: datetime
    action: str   # "settings", "schedule", "unschedule", "posting", "posted", "post_failed", "riskwarn", "moved"
    detail: str


@dataclass(frozen=True)
class Schedule:
    """A risk warning posted into `channel` every `every`; `next_at` is when it is next due."""

    group: str
    channel: str
    template: str
    every: timedelta
    next_at: datetime
    created_by: str


class GroupStore(Protocol):
    async def settings(self, group: str) -> GroupSettings:
        """The group's settings; all None when nothing was ever set."""

    async def change(self, group: str, actor: str, changes: dict[str, object]) -> GroupSettings:
        """Apply `changes` (None clears a setting) and audit them; returns the new settings."""

    async def audit(self, group: str, action: str, actor: str, detail: str) -> None:
        """Append one entry that is not a settings change (a warning posted, a failure)."""

    async def recent(self, group: str, limit: int) -> list[AuditEntry]:
        """Newest first."""

    async def schedule(self, group: str, channel: str, template: str, every: timedelta,
                       actor: str) -> Schedule:
        """Create or replace the schedule of `channel`; first due one `every` from now. Audited."""

    async def unschedule(self, group: str, channel: str, actor: str) -> bool:
        """Cancel the schedule of `channel`; False if there was none. Audited when there was."""

    async def schedules(self, group: str) -> list[Schedule]: ...

    async def due(self, now: datetime) -> list[Schedule]:
        """Every schedule whose `next_at` is at or before `now`, across all groups."""

    async def next_due(self) -> datetime | None:
        """The earliest `next_at` of any schedule, so the job knows how long it may sleep."""

    async def advance(self, schedule: Schedule, next_at: datetime, action: str, detail: str) -> bool | None:
        """Move `schedule` to `next_at` and audit `action` (`posting`: the job's claim), at once,
        only if it is still due at `schedule.next_at`; False if it had moved on or gone (another
        claim won, or it was cancelled). None is taken as moved, for backends that cannot tell."""

    async def move_group(self, old: str, new: str, why: str) -> bool:
        """The group changed its id (a Telegram group upgraded to a supergroup): its settings, audit
        trail and schedules now belong to `new`, in one transaction, audited (`moved`, `why`) under
        `new`. Idempotent: False, and nothing written, when `old` has nothing left."""
