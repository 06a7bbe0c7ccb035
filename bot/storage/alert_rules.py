"""The alert stores' decisions that are not SQL, shared by the SQLite and PostgreSQL stores so the
two cannot drift: how a settings change merges, how a position's own level changes, which trigger a
stale row gets, and what /export shows. Each store keeps only its queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands.alerts.port import AlertSettings, bounds
from commands.saved.store_port import StoredPosition


def decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def text(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def as_float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def merged_settings(current: AlertSettings, changes: dict[str, Any]) -> AlertSettings:
    """`current` with `changes` applied: setting `level` clears `within` and the other way round."""
    values = {"enabled": current.enabled, "level": current.level, "within": current.within,
              "quiet": current.quiet, **changes}
    if changes.get("level") is not None:
        values["within"] = None
    if changes.get("within") is not None:
        values["level"] = None
    return AlertSettings(bool(values["enabled"]), values["level"], values["within"], values["quiet"])


def position_choice(level: str | None, within: str | None, muted: bool,
                    changes: dict[str, Any]) -> tuple[str | None, str | None, bool]:
    """A position's own (level, within, muted) after `changes`, stored as text."""
    if "level" in changes:
        level = text(changes["level"])
        within = None if level is not None else within
    if "within" in changes:
        within = text(changes["within"])
        level = None if within is not None else level
    return level, within, bool(changes.get("muted", muted))


def trigger_prices(position: StoredPosition, liquidation: Decimal | None, user: AlertSettings,
                   level: str | None, within: str | None, muted: bool) -> tuple[float | None, float | None]:
    """(trigger, rearm) for a refreshed row; (None, None) when it must not alert."""
    if liquidation is None or not user.enabled or muted:
        return None, None
    if level is None and within is None:   # the position's own level wins over the user's
        level, within = text(user.level), text(user.within)
    trigger, rearm = bounds(1 if position.side == "long" else -1, position.entry, liquidation,
                            decimal(level), decimal(within))
    return as_float(trigger), as_float(rearm)


def settings_record(owner: str, enabled: object, level: str | None, within: str | None, start: int | None,
                    end: int | None, updated: str) -> dict[str, Any]:
    return {"record": "alert_settings", "owner": owner, "enabled": bool(enabled), "level": level,
            "within": within, "quiet_hours_utc": [start, end] if start is not None else None, "updated_at": updated}


def position_record(owner: str, position_id: int, level: str | None, within: str | None, muted: object,
                    last: str | None, liquidation: float | None, trigger: float | None, armed: object,
                    pending: object) -> dict[str, Any]:
    """One position's alert choices and state, as /export shows it (`sending`: claimed, not yet
    confirmed)."""
    return {"record": "position_alert", "owner": owner, "position_id": position_id, "level": level,
            "within": within, "muted": bool(muted), "last_alert_at": last, "liquidation_price": liquidation,
            "trigger_price": trigger, "armed": bool(armed), "sending": bool(pending)}
