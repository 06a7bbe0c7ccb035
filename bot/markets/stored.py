"""Refreshed tier tables as database rows, one per contract, and back: what both stores share.

A refresh writes only the contracts whose tables passed validation (the catalogue keeps the
previous table of a rejected one, and so does the store: its row is left alone), and removes the
contracts the venue no longer lists. Read back, the rows make one document per (venue, kind) in
the shipped layout, for `Catalogue.install_document`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Iterable

Row = tuple[str, str, str, str, str | None, str, str]   # venue, kind, symbol, rows, details, source, as_of


def rows_to_write(document: dict[str, Any], accepted: set[str]) -> list[Row]:
    details = document.get("contracts") or {}
    return [(document["venue"], document["kind"], symbol, json.dumps(document["symbols"].get(symbol, [])),
             json.dumps(details[symbol]) if symbol in details else None, document["source"], document["as_of"])
            for symbol in sorted(accepted)]


def documents(rows: Iterable[tuple[str, str, str, str, str | None, str, str, datetime]]
              ) -> list[tuple[dict[str, Any], datetime]]:
    docs: dict[tuple[str, str], dict[str, Any]] = {}
    fetched: dict[tuple[str, str], datetime] = {}
    for venue, kind, symbol, rows_json, details, source, as_of, at in rows:
        doc = docs.setdefault((venue, kind), {"venue": venue, "kind": kind, "source": source, "as_of": as_of,
                                              "complete": True, "symbols": {}, "contracts": {}})
        doc["symbols"][symbol] = json.loads(rows_json)
        if details:
            doc["contracts"][symbol] = json.loads(details)
        fetched[(venue, kind)] = min(fetched.get((venue, kind), at), at)
    return [(doc, fetched[key]) for key, doc in docs.items()]
