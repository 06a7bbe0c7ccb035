"""`riskbot markets status` and `riskbot markets refresh [--venue V] [--write DIR]`.

`refresh --write DIR` writes each refreshed table in the shipped layout (`DIR/<venue>_<kind>.json`),
so whoever maintains riskbot can regenerate `core/data/` from a machine that reaches the venues;
the files load back through the same loader as the shipped snapshots. A venue that cannot be
reached gets one line saying why and the exit status is 1; never a traceback.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from pathlib import Path

from bot.markets.refresher import SOURCES, MarketRefresher, Outcome, venue_http
from core.markets.catalogue import CATALOGUE, Catalogue


def status_lines(catalogue: Catalogue, now: datetime) -> list[str]:
    lines = []
    for book in catalogue.status():
        info = book.info
        where = f"refreshed {_age(now, info.fetched_at)} ago" if info.fetched_at is not None else "shipped snapshot"
        count = f"{book.contracts} contract{'' if book.contracts == 1 else 's'}"
        lines.append(f"{book.label}: {count}, as of {info.as_of}, {where}; source: {info.source[:90]}")
    return lines


def _age(now: datetime, then: datetime) -> str:
    hours = max((now - then).total_seconds(), 0) / 3600
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"


def outcome_line(outcome: Outcome) -> str:
    name = f"{outcome.venue} {outcome.kind}"
    if not outcome.ok:
        return f"{name}: not refreshed: {outcome.error}"
    extra = f", {len(outcome.rejected)} rejected (previous kept)" if outcome.rejected else ""
    gone = f", {len(outcome.delisted)} delisted" if outcome.delisted else ""
    return f"{name}: {outcome.installed} contracts{extra}{gone}"


def write_documents(outcomes: list[Outcome], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for outcome in outcomes:
        if outcome.ok and outcome.document is not None:
            doc = outcome.document.as_json()
            doc["symbols"] = {s: rows for s, rows in doc["symbols"].items() if s not in outcome.rejected}
            path = folder / f"{outcome.venue}_{outcome.kind}.json"
            path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
    return written


async def refresh(settings, venue: str | None, write: Path | None,
                  catalogue: Catalogue = CATALOGUE) -> tuple[list[str], bool]:
    """Fetch now; what passes is stored in the bot's database (when it opens) as a running bot would."""
    from bot.storage.backends import market_store, open_database
    from commands.saved.store_port import StorageUnavailable

    try:
        database = await open_database(settings.riskbot_db)
    except StorageUnavailable:
        database = None
    http = venue_http(settings.market_base_urls())
    try:
        store = market_store(database)
        refresher = MarketRefresher(catalogue, http, store, credentials=settings.binance_credentials())
        await refresher.restore()
        outcomes = await refresher.refresh({venue} if venue else None)
    finally:
        await http.close()
        if database is not None:
            await database.close()
    lines = [outcome_line(o) for o in outcomes]
    if write is not None:
        lines += [f"wrote {path}" for path in write_documents(outcomes, write)]
    return lines, all(o.ok for o in outcomes)


def main(action: str, settings, venue: str | None = None, write: Path | None = None) -> int:
    if venue is not None and venue not in {v for v, _ in SOURCES}:
        print(f"riskbot: no venue {venue[:20]!r}; one of: {', '.join(sorted({v for v, _ in SOURCES}))}")
        return 2
    if action == "status":
        from bot.markets.refresher import restore_from_file

        restore_from_file(settings.riskbot_db)
        for line in status_lines(CATALOGUE, datetime.now(timezone.utc)):
            print(line)
        return 0
    lines, ok = asyncio.run(refresh(settings, venue, write))
    for line in lines:
        print(line)
    return 0 if ok else 1
