"""What the venue sources share: reading a venue's envelope, and turning one contract's published
rows into shipped-layout rows through its core reader (core/venue_tiers.py), noting a contract
whose rows cannot be read instead of failing the whole venue."""

from __future__ import annotations

from typing import Any, Callable

from bot.markets.documents import Document, rows_from_tiers
from bot.markets.http import FetchError
from core.tiers import Tier


def envelope(answer: Any, what: str, ok: Callable[[dict[str, Any]], bool]) -> Any:
    """`data` of an answer shaped `{code..., data: ...}`, or FetchError naming the venue's code."""
    if not isinstance(answer, dict) or not ok(answer) or "data" not in answer:
        code = answer.get("code") if isinstance(answer, dict) else "?"
        raise FetchError(f"{what}: refused (code {str(code)[:12]})")
    return answer["data"]


def add_table(doc: Document, symbol: str, read: Callable[[Any], tuple[Tier, ...]], published: Any,
              details: dict[str, Any] | None = None) -> None:
    try:
        doc.symbols[symbol] = rows_from_tiers(read(published))
        if details:
            doc.contracts[symbol] = details
    except (ValueError, TypeError, ArithmeticError) as exc:
        doc.unreadable[symbol] = str(exc)
