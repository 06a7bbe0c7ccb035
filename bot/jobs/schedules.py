"""The job that posts scheduled risk warnings (`/riskwarn ... every=6h`) when they fall due.

Schedules live in SQLite with their next due time, so a restart picks up where the last process
left off: a warning that fell due while the bot was down is posted once when it is back, and the
next one is counted from then (a bot down for a day does not post four warnings in a row).

At most once: the slot is claimed before anything is sent, as the alerts are. The claim moves the
due time on and writes a "posting" audit line in one transaction; only then is the card built and
posted, and the outcome ("posted", "post_failed" with the reason) is audited after. A process that
dies mid-post leaves the "posting" line as the trace and never posts that slot again (a lost post
beats a duplicate in a group chat). A claim that finds the schedule already moved on or cancelled
(another process, /riskwarn stop in between) posts nothing. A platform that is not running leaves
its schedules due until it is; any failed post is audited and tried at the next interval, not in a
loop, and one broken schedule never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime

from bot.messenger import Messenger
from bot.storage.sqlite.worker import Clock, utc_now
from commands.context import Context
from commands.errors import UsageError
from commands.groups.context import with_settings
from commands.groups.store_port import GroupSettings, GroupStore, Schedule
from commands.language.catalogues import speech_for
from commands.language.choice import choose_language
from commands.reply import Reply
from commands.saved.store_port import StorageUnavailable
from commands.groups.cards import card
from core.i18n import speaking

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0  # the longest nap between checks, so a schedule made by another process is seen


def following(schedule: Schedule, now: datetime) -> datetime:
    """The next due time after posting at `now`: one interval on, never in the past."""
    after = schedule.next_at + schedule.every
    return after if after > now else now + schedule.every


def group_card(template: str, settings: GroupSettings, context: Context) -> Reply:
    """The card in the group's language (/set lang=, and its number style): nobody asked, so the
    group's choice is the only one. A refusal (a custom card whose text was removed) is raised in
    English, because it goes to the audit trail, whose records stay in English."""
    speech = speech_for(choose_language(None, None, settings.language), settings.numbers == "regional")
    try:
        with speaking(speech):   # the card carries the group's speech
            return card(template, settings, context)
    except UsageError:
        return card(template, settings, context)   # raises the same refusal, worded in English


class ScheduledWarnings:
    def __init__(self, groups: GroupStore, messengers: Mapping[str, Messenger], context: Context,
                 clock: Clock = utc_now) -> None:
        self.groups, self.messengers, self.context, self.clock = groups, messengers, context, clock

    async def tick(self) -> int:
        """Post every due warning whose platform is running; returns how many were posted."""
        now = self.clock()
        posted = 0
        for schedule in await self.groups.due(now):   # each claimed by `advance` in `_post`, on any backend
            messenger = self.messengers.get(schedule.group.split(":", 1)[0])
            if messenger is not None:
                posted += await self._post(schedule, messenger, now)
        return posted

    async def _post(self, schedule: Schedule, messenger: Messenger, now: datetime) -> int:
        where = f"{schedule.template} in channel {schedule.channel}"
        if await self.groups.advance(schedule, following(schedule, now), "posting", where) is False:
            return 0   # claimed elsewhere, or cancelled since it was listed as due
        detail = where
        try:
            settings = await self.groups.settings(schedule.group)
            reply = group_card(schedule.template, settings, with_settings(self.context, settings))
            ok = await messenger.post(schedule.channel, reply)
        except UsageError as exc:   # e.g. the custom text was removed after scheduling
            ok, detail = False, f"{where}: {exc.message}"
        except Exception as exc:
            log.exception("posting a scheduled warning to %s failed", schedule.group)
            ok, detail = False, f"{where}: {type(exc).__name__}"
        await self.groups.audit(schedule.group, "posted" if ok else "post_failed", "riskbot", detail)
        return int(ok)

    async def run(self, stop: asyncio.Event) -> None:
        """Tick until `stop` is set, sleeping until the next schedule is due (at most a minute)."""
        while not stop.is_set():
            try:
                await self.tick()
                nap = IDLE_SECONDS
                upcoming = await self.groups.next_due()
                if upcoming is not None:
                    nap = min(nap, max(1.0, (upcoming - self.clock()).total_seconds()))
            except StorageUnavailable as exc:
                log.warning("scheduled warnings: storage unavailable (%s); retrying", exc.message)
                nap = IDLE_SECONDS
            except Exception:
                log.exception("scheduled warnings: tick failed; retrying")
                nap = IDLE_SECONDS
            try:
                await asyncio.wait_for(stop.wait(), nap)
            except asyncio.TimeoutError:
                pass
