"""Adding the issue-16 sections to a position answer: targets (`tp=`), funding (`funding=` `hold=`)
and, on /liq, margin (`addmargin=` `liq=`). One place, so /liq and saved positions show them alike.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from commands.calculators.extras.funding import funding_section, wants_funding
from commands.calculators.extras.margin import margin_section, wants_margin
from commands.calculators.extras.targets import target_section
from commands.reply import Line, Reply
from core.i18n import N_, _
from core.liquidation import Liquidation

UNSIZED = N_("No size given: target PnL is per 1 {symbol}; add qty= for yours.")


def settlement(liq: Liquidation) -> str:
    spec = liq.spec
    return spec.symbol if spec.contract == "inverse" else "USDC" if spec.venue == "hyperliquid" else "USDT"


def with_sections(reply: Reply, args: dict[str, Any], liq: Liquidation) -> Reply:
    """`reply` (a position card for `liq`) with the sections its options ask for. `funding=live`
    must have been read already (extras/funding.live_funding)."""
    if not reply.ok:
        return reply
    spec, unit = liq.spec, settlement(liq)
    lines: list[Line] = []
    result: dict[str, Any] = {}
    notes: list[str] = []
    if args.get("tp"):
        quantity = liq.quantity if liq.sized and liq.quantity is not None else Decimal(1)
        if not liq.sized:
            notes.append(_(UNSIZED, symbol=spec.symbol))
        more, fields = target_section(spec.side, spec.entry, quantity, liq.fee, args["tp"], args.get("sl"),
                                      spec.contract, unit)
        lines += more
        result.update(fields)
    if wants_funding(args):
        more, fields, said = funding_section(args, spec, unit)
        lines += more
        result.update(fields)
        notes += said
    if wants_margin(args):
        more, fields = margin_section(args, spec, unit)
        lines += more
        result.update(fields)
    if not lines:
        return reply
    return replace(reply, lines=(*reply.lines, *lines), result={**reply.result, **result},
                   notes=(*notes, *reply.notes))
