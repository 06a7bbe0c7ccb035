"""What every saved-position command shares: reaching the store, the answers when it can't be
reached, turning a saved row back into a position, and the privacy wording.

The rules live here once so that no command can forget one: no store -> "saving is disabled";
`StorageUnavailable` -> a short "couldn't ..., try again" (error code `storage`), nothing lost; an id
that is not the caller's -> the same "not found" as an id that does not exist; every reply about a
user's data is `private`. A bot without a store answers (not an error: it is how the bot is set up)
that saving is disabled.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal
from typing import Any, Awaitable, Callable

from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.calculators.position_args import position_spec
from commands.calculators.extras.sections import with_sections
from commands.calculators.position_reply import liquidation_reply
from commands.saved.plans import plan_args, plan_record
from commands.saved.store_port import EDITABLE, PositionStore, StorageUnavailable, StoredPosition
from commands.registry import Option, find
from commands.reply import ErrorInfo, Line, Reply, usage_reply
from core.i18n import N_, _
from core.markets import CATALOGUE
from core.errors import CalculationError
from core.liquidation import Liquidation, liquidation

log = logging.getLogger(__name__)

# Tier overrides and fee a position may carry; only those the store can keep are accepted by /save.
OVERRIDES = (("mmr", "mmr"), ("cum", "cum"), ("fee", "fee"))  # (parsed arg, stored field)
STORABLE_OVERRIDES = tuple(arg for arg, stored in OVERRIDES if stored in EDITABLE)

DISABLED = N_("Saving is disabled on this bot (it runs without a database). /liq, /size and /pnl still work.")
OPT_IN = N_("Opt in with /optin, or repeat your /save with consent=yes.")

ID = Option("id", "number", N_("the position's id, from /positions"), required=True, min_value=1)
LABEL = Option("label", "word", N_("a short name for the position, e.g. swing"))


def what_is_stored() -> tuple[Line, ...]:
    """What /privacy, /optin and a /save before consent say is kept: spoken at use, in the asker's language."""
    if STORABLE_OVERRIDES:
        stored = _("your account id on this platform (e.g. telegram:123) and when you opted in; for each "
                   "position you save: venue, symbol, side, margin mode, entry, size, leverage, margin, "
                   "stop, take-profit, your label, your {overrides}, and when it was saved and changed; your "
                   "/alerts choices (on or off, levels, quiet hours) and when each position last alerted; if you "
                   "moderate a group, your id on the changes you make there (its /audit)",
                   overrides="/".join(a + "=" for a in STORABLE_OVERRIDES))
    else:
        stored = _("your account id on this platform (e.g. telegram:123) and when you opted in; for each "
                   "position you save: venue, symbol, side, margin mode, entry, size, leverage, margin, "
                   "stop, take-profit, your label, and when it was saved and changed; your "
                   "/alerts choices (on or off, levels, quiet hours) and when each position last alerted; if you "
                   "moderate a group, your id on the changes you make there (its /audit)")
    return (
        Line(_("Stored"), stored),
        Line(_("Not stored"), _("your name or username, the chat or group, your messages, and your "
                                "/liq, /size and /pnl calculations")),
        Line(_("Who sees it"), _("you alone get replies about your positions; whoever runs this bot holds the "
                                 "database file")),
        Line(_("Remove"), _("/delete ID removes one position; /forget confirm erases everything, opt-in included; "
                            "/export shows everything stored about you")),
    )

Job = Callable[[PositionStore, str], Awaitable[Reply]]


def disabled(command: str) -> Reply:
    # An answer about how this bot is set up, not a failed request: the same on every try.
    return Reply(command=command, title=_("Saving is disabled on this bot"), notes=(_(DISABLED),),
                 result={"storage": False}, private=True)


def unavailable(command: str, failed: str) -> Reply:
    return Reply(command=command, private=True, error=ErrorInfo("storage", _(failed)))


def not_found(command: str, position_id: int) -> Reply:
    # Worded the same whether the row is someone else's or does not exist: ids cannot be probed.
    return Reply(command=command, private=True, error=ErrorInfo(
        "not_found", _("You have no saved position #{id}. /positions lists yours.", id=position_id)))


async def with_store(command: str, failed: str, context: Context, invocation: Invocation, job: Job) -> Reply:
    """Run `job(store, owner)`, answering for a missing or failing store; marks the reply private.

    `failed` is the whole sentence said when storage is unavailable ("Couldn't save that right
    now: ..."), marked with `N_` by the caller: one sentence per command, so each language can word
    it whole."""
    if context.store is None:
        return disabled(command)
    try:
        reply = await job(context.store, invocation.user_key)
    except StorageUnavailable as exc:
        log.warning("/%s: storage unavailable: %s", command, exc.message)
        return unavailable(command, failed)
    except UsageError as exc:  # raised about a saved row, so it may name it: keep it private too
        found = find(command)
        reply = usage_reply(command, exc.message, exc.example or (found.usage if found else None))
    return replace(reply, private=True)


def require_id(args: dict[str, Any], example: str) -> int:
    if "id" not in args:
        raise UsageError(_("Which position? Give its id; /positions lists them."), example)
    return args["id"]


def refuse_unstorable(args: dict[str, Any], example: str) -> None:
    unsaved = [arg for arg, _stored in OVERRIDES if arg in args and arg not in STORABLE_OVERRIDES]
    if unsaved:
        raise UsageError(_("{keys} can't be saved on this bot yet; leave it out to use the venue's tier table and "
                           "fee, or use /liq for a one-off answer.", keys=", ".join(a + "=" for a in unsaved)), example)


def side_word(side: int) -> str:
    return "long" if side > 0 else "short"


def stored_args(p: StoredPosition) -> dict[str, Any]:
    """A saved row as the parser would have produced it, so the shared defaults apply unchanged."""
    args: dict[str, Any] = {"side": 1 if p.side == "long" else -1, "symbol": (p.symbol, None), "price": p.entry,
                            "contract": p.contract, "mode": p.margin_mode, "venue": p.venue, "qty": p.quantity}
    args.update(plan_args(p.targets, p.funding, p.take_profit))
    for arg, value in (("leverage", p.leverage), ("margin", p.margin), ("sl", p.stop)):
        if value is not None:
            args[arg] = value
    for arg, stored in OVERRIDES:
        value = getattr(p, stored, None)
        if value is not None:
            args[arg] = value
    return args


def compute(args: dict[str, Any], context: Context, example: str) -> Liquidation:
    spec = position_spec(args, context, example)
    try:
        return liquidation(spec)
    except CalculationError as exc:
        raise UsageError(exc.message, exc.example) from exc


def position_record(args: dict[str, Any], liq: Liquidation) -> dict[str, Any]:
    """The fields to store for a computed position: what the user gave, not what was derived, so
    the row computes the same way again (a margin= without leverage stays that)."""
    spec = liq.spec
    record: dict[str, Any] = dict(
        # A contract asked for by its quote (BTCUSDC) is kept by the venue's own name, so the row
        # resolves to the same contract again.
        venue=spec.venue, symbol=liq.contract_symbol if spec.quote else spec.symbol, contract=spec.contract, side=side_word(spec.side),
        margin_mode=spec.margin_mode, entry=spec.entry, quantity=args.get("qty", liq.quantity),
        leverage=args.get("leverage"), margin=args.get("margin"), stop=args.get("sl"), label=args.get("label"),
        **plan_record(args))
    if record["leverage"] is None and spec.margin_mode == "cross":
        record["leverage"] = liq.leverage  # derived from balance=, which is the account's and not saved
    record.update({stored: args.get(arg) for arg, stored in OVERRIDES if stored in EDITABLE})
    return record


def delisted(p: StoredPosition) -> str | None:
    """The resolver's words when the saved position's contract was delisted, else None."""
    found = CATALOGUE.resolve(p.symbol, p.venue, p.contract)
    return found.message if found.status == "delisted" else None


def label_text(p: StoredPosition) -> str:
    return f"#{p.id}" + (f" ({p.label})" if p.label else "")


def card(command: str, p: StoredPosition, context: Context, *, extra: dict[str, Any] | None = None,
         explain: bool = False, before: tuple[Line, ...] = (), notes: tuple[str, ...] = ()) -> Reply:
    """The shared position card (commands/calculators/position_reply.py) for a saved position, with its id."""
    args = {**stored_args(p), **(extra or {})}
    liq = compute(args, context, f"/position {p.id}")
    reply = with_sections(liquidation_reply(command, liq, context, p.stop, None, explain), args, liq)
    result = {**reply.result, "id": p.id, "label": p.label}
    return replace(reply, title=f"{label_text(p)} · {reply.title}", lines=(*before, *reply.lines),
                   notes=(*notes, *reply.notes), result=result, private=True)


def decimal_text(value: Decimal) -> str:
    return f"{value.normalize():f}"
