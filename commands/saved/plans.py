"""A saved position's plan: its take-profit list and funding assumption, as the two text columns
`targets` and `funding` hold them (commands/saved/store_port.py), and back into arguments.

`targets`: `64000:0.5,66000:0.3` (price:share, shares as fractions, in the order given).
`funding`: `0.0001/8/72` (rate per interval / interval hours / hold hours). Decimal text both ways,
so a row computes exactly as it did when saved. `funding=live` is not saved: a saved assumption
must give the same answer tomorrow, so /save asks for the rate.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from commands.calculators.extras.funding import read_funding, wants_funding
from commands.calculators.extras.targets import first_target
from commands.errors import UsageError
from core.i18n import _

DEFAULT_EVERY = Decimal(8)


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def plan_record(args: dict[str, Any]) -> dict[str, Any]:
    """The store's take_profit, targets and funding fields for parsed arguments."""
    targets = args.get("tp")
    record: dict[str, Any] = {"take_profit": first_target(targets),
                              "targets": ",".join(f"{_text(p)}:{_text(s)}" for p, s in targets) if targets else None,
                              "funding": None}
    args = read_funding(args)
    if wants_funding(args):
        if args["funding"] == "live":
            raise UsageError(_("A saved position keeps a funding rate, not live: give it, like funding=0.01%."),
                             "/save long BTC 60000 10x qty=1 funding=0.01% hold=3d")
        record["funding"] = "/".join(_text(v) for v in (args["funding"], args.get("every", DEFAULT_EVERY),
                                                          args["hold"]))
    return record


def plan_args(targets: str | None, funding: str | None, take_profit: Decimal | None) -> dict[str, Any]:
    """The tp= and funding arguments of a saved row (a row saved before plans: its one take-profit)."""
    args: dict[str, Any] = {}
    if targets:
        args["tp"] = tuple((Decimal(p), Decimal(s)) for p, _, s in (part.partition(":") for part in targets.split(",")))
    elif take_profit is not None:
        args["tp"] = ((take_profit, Decimal(1)),)
    if funding:
        rate, every, hold = (Decimal(part) for part in funding.split("/"))
        args.update(funding=rate, every=every, hold=hold)
    return args
