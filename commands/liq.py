"""/liq: the liquidation price the named venue would compute, with bankruptcy, distance and warnings."""

from __future__ import annotations

from typing import Any

from commands import options as o
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.position_args import position_spec
from commands.position_reply import liquidation_reply
from commands.registry import Command
from core.errors import CalculationError
from core.liquidation import liquidation

EXAMPLE = "/liq long BTC 60000 25x isolated"


def run(args: dict[str, Any], invocation: Invocation, context: Context):
    spec = position_spec(args, context, EXAMPLE)
    if spec.leverage is None and not (spec.quantity or spec.notional) and "margin" not in args:
        raise UsageError("Missing a leverage (25x).", EXAMPLE)
    try:
        result = liquidation(spec)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc
    return liquidation_reply("liq", result, context, args.get("sl"), args.get("tp"), bool(args.get("explain")))


COMMAND = Command(
    name="liq",
    summary="Liquidation price, bankruptcy price and distance, as the exchange computes them",
    options=(*o.POSITION, o.QTY, o.NOTIONAL, o.MARGIN, o.BALANCE, o.STOP, o.TAKE_PROFIT, o.MMR, o.CUM, o.FEE, o.EXPLAIN),
    examples=(EXAMPLE, "/liq short ETH 3000 10x qty=2 sl=3150",
              "/liq long BTCUSD 45000 inverse cross notional=10000000 balance=101", "/liq long BTC 60000 25x explain"),
    run=run,
)
