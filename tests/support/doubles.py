"""Stand-ins for the two things tests must control that are not ours to run for real: the passage
of time, and a chat platform on the far side of a background job.

`WallClock` is UTC time that moves only when the test says so; `seconds()` reads it as the
monotonic seconds the nudge gate counts. `RecordingMessenger` is the `bot.messenger.Messenger`
port as a job sees it; the adapters' own post()/direct() are tested against the platform fakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from commands.reply import Reply


class WallClock:
    def __init__(self, start: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def seconds(self) -> float:
        return self.now.timestamp()


@dataclass
class RecordingMessenger:
    """Records what it was asked to send; `reachable=False` answers as a platform that refused."""

    platform: str = "telegram"
    reachable: bool = True
    posts: list[tuple[str, Reply]] = field(default_factory=list)
    direct_messages: list[tuple[str, Reply]] = field(default_factory=list)

    async def post(self, channel_id: str, reply: Reply) -> bool:
        self.posts.append((channel_id, reply))
        return self.reachable

    async def direct(self, user_id: str, reply: Reply) -> bool:
        if self.reachable:
            self.direct_messages.append((user_id, reply))
        return self.reachable
