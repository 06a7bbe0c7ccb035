"""The port through which commands save positions: what they may ask of storage, what comes back.

Commands depend on this Protocol, never on SQLite; `bot/` implements it twice (an in-memory fake
and the SQLite store) and one contract suite holds both to the same behaviour. The rules that are
part of the contract, not of one backend, live here so the two cannot drift apart:

- every call is scoped by `owner`, a `platform:id` key; a row that belongs to someone else is
  reported exactly like a row that does not exist, so ids cannot be probed;
- nothing is stored for a user who has not opted in (`ConsentRequired` is the backstop; commands
  should ask `has_consented` first and explain);
- money is `Decimal` in and `Decimal` out, exactly;
- a backend that cannot do its job (locked, disk full, damaged file) raises `StorageUnavailable`
  and no other error, so a command can answer "couldn't save, try again" while calculations keep
  working. Input no backend could keep faithfully (NaN, a NUL byte, a float for money) is a
  caller's bug: `ValueError` or `TypeError`, the same from every backend.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from core.i18n import N_, _

MAX_TEXT = 500            # bounds what one row can cost; real symbols and labels are far shorter
MAX_ID = 2**63 - 1        # SQLite's INTEGER range: larger ids cannot exist, so they are "not found"


class StorageUnavailable(Exception):
    """Storage cannot serve the request right now (locked, disk full, file damaged, closed).

    `message` is short and human; the underlying error is chained as `__cause__` for the log.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConsentRequired(Exception):
    """A save was attempted for a user who has not opted in. A bug in the caller, not the user."""


@dataclass(frozen=True)
class Consent:
    owner: str
    consented_at: datetime


@dataclass(frozen=True)
class NewPosition:
    """What a user asks to save. The store adds id, owner and timestamps."""

    venue: str
    symbol: str
    contract: str
    side: str
    margin_mode: str
    entry: Decimal
    quantity: Decimal
    leverage: Decimal | None = None
    margin: Decimal | None = None
    stop: Decimal | None = None
    take_profit: Decimal | None = None
    label: str | None = None
    mmr: Decimal | None = None      # the user's tier override (mmr=, cum=) and taker fee (fee=),
    cum: Decimal | None = None      # kept so the position computes as it did when saved
    fee: Decimal | None = None
    # tp= as given (`64000:0.5,66000:0.5`, shares as fractions; take_profit keeps the first price
    # for everything that reads one) and the funding assumption (`0.0001/8h/72h`: rate, interval,
    # hold), both text so they come back exactly; commands/saved/plans.py reads and writes them.
    targets: str | None = None
    funding: str | None = None


@dataclass(frozen=True, kw_only=True)
class StoredPosition(NewPosition):
    """A saved position. Its id is unique across all owners but only ever served to its owner."""

    id: int
    owner: str
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy for `/my-data`: Decimals as exact strings, times as ISO 8601."""
        out: dict[str, Any] = {"record": "position", "id": self.id, "owner": self.owner}
        for key, value in asdict(self).items():
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, datetime):
                value = value.isoformat()
            out[key] = value
        return out


EDITABLE = tuple(f.name for f in fields(NewPosition))
REQUIRED = ("venue", "symbol", "contract", "side", "margin_mode", "entry", "quantity")
DECIMALS = ("entry", "quantity", "leverage", "margin", "stop", "take_profit", "mmr", "cum", "fee")


class PositionStore(Protocol):
    """Saved positions and opt-in consent, always scoped to one owner (`telegram:123`)."""

    async def has_consented(self, owner: str) -> bool: ...

    async def record_consent(self, owner: str) -> Consent:
        """Idempotent: a second call keeps the first consent time."""

    async def save(self, owner: str, position: NewPosition) -> StoredPosition:
        """Raises ConsentRequired if `owner` has not opted in."""

    async def get(self, owner: str, position_id: int) -> StoredPosition | None: ...

    async def list(self, owner: str) -> PositionList:
        """Oldest first."""

    async def update(self, owner: str, position_id: int, **changes: Any) -> StoredPosition | None:
        """Change some of the `EDITABLE` fields; None when the row is not this owner's."""

    async def delete(self, owner: str, position_id: int) -> bool: ...

    async def forget(self, owner: str) -> int:
        """Erase everything about `owner`, consent included; returns rows removed (0 if none)."""

    async def export(self, owner: str) -> ExportList:
        """Everything stored about `owner`, as `as_dict()` records, consent first."""


PositionList = list[StoredPosition]
ExportList = list[dict[str, Any]]

# What erasing means differs per backend (SQLite overwrites in place; PostgreSQL keeps old row
# versions until it vacuums), so a store may say it in `erasure`, and /privacy and /forget quote it.
ERASED_UNKNOWN = N_("Erased rows are gone from every answer at once; copies in backups stay until those expire.")


def erasure(store: object) -> str:
    """What /forget and /delete leave behind on `store`'s backend, in one sentence for users. A
    store's own sentence is marked with `N_` where it is written, so it is spoken here."""
    said = getattr(store, "erasure", None)
    return _(said if isinstance(said, str) else ERASED_UNKNOWN)


def consent_record(consent: Consent) -> dict[str, Any]:
    return {"record": "consent", "owner": consent.owner,
            "consented_at": consent.consented_at.isoformat()}


# -- checks shared by every backend, so each one accepts and rejects exactly the same input --

def check_owner(owner: object) -> str:
    if not isinstance(owner, str) or ":" not in owner:
        raise ValueError("owner must be a 'platform:id' string")
    return _check_text("owner", owner)


def is_possible_id(position_id: object) -> bool:
    """False for ids no row can have; a TypeError for non-integers, which are a caller's bug."""
    if isinstance(position_id, bool) or not isinstance(position_id, int):
        raise TypeError("position id must be an int")
    return 1 <= position_id <= MAX_ID


def check_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise TypeError(f"not editable: {', '.join(unknown)}")
    for name, value in changes.items():
        _check_field(name, value)
    return changes


def check_new(position: NewPosition) -> NewPosition:
    if not isinstance(position, NewPosition):
        raise TypeError("save() takes a NewPosition")
    for name in EDITABLE:
        _check_field(name, getattr(position, name))
    return position


def _check_field(name: str, value: object) -> None:
    if value is None:
        if name in REQUIRED:
            raise ValueError(f"{name} is required")
    elif name in DECIMALS:
        # NaN would not equal itself after a round trip; infinities are not prices.
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError(f"{name} must be a finite Decimal")
    elif isinstance(value, str):
        _check_text(name, value)
    else:
        raise ValueError(f"{name} must be a string")


def _check_text(name: str, value: str) -> str:
    # NUL is stored by SQLite but cut short by its own string functions; a lone surrogate
    # cannot be encoded at all. Rejecting both keeps the two backends identical.
    if len(value) > MAX_TEXT or "\x00" in value:
        raise ValueError(f"{name} is too long or holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode") from None
    return value
