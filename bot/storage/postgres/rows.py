"""A `positions` row read back as a `StoredPosition`: the one decoder the PostgreSQL position and
alert stores share, in a module of its own so neither store imports the other for it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from commands.saved.store_port import DECIMALS, EDITABLE, StoredPosition

COLUMNS = ", ".join(("id", "owner", *EDITABLE, "created_at", "updated_at"))


def decode(row: Mapping[str, Any]) -> StoredPosition:
    values = dict(row)
    for name in DECIMALS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    return StoredPosition(**values)


def count(status: str) -> int:
    """Rows touched, from asyncpg's command status (`DELETE 3`, `UPDATE 0`)."""
    return int(status.rsplit(" ", 1)[-1])
