"""A `positions` row read back as a `StoredPosition`: the one decoder both the position store and the
alert store use, in a module of its own so that neither store has to import the other for it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from commands.saved.store_port import DECIMALS, StoredPosition


def decode_position(row: dict[str, Any]) -> StoredPosition:
    values = dict(row)
    for name in DECIMALS:
        if values[name] is not None:
            values[name] = Decimal(values[name])
    values["created_at"] = datetime.fromisoformat(values["created_at"])
    values["updated_at"] = datetime.fromisoformat(values["updated_at"])
    return StoredPosition(**values)
