"""/positions lists the caller's saved positions, one line each (liquidation, distance, warnings in
a few words); /position ID shows one of them as the full card. Both read only the caller's rows."""

from __future__ import annotations

from typing import Any

from commands import display, options as o
from commands.calculators.position_reply import side_word, mode_word
from commands.charts import build
from commands.charts.policy import charted, with_chart_button
from commands.context import Context
from commands.errors import UsageError
from commands.invocation import Invocation
from commands.saved.store_port import PositionStore, StoredPosition
from commands.registry import Command
from commands.reply import Line, Reply
from commands.saved.common import (ID, card, compute, delisted, label_text, not_found, require_id, stored_args,
                                   with_store)
from core.i18n import N_, _
from core.risk_warnings import position_warnings

SHOWN = 25  # lines in one list reply; chat messages stay readable on a phone
EXAMPLE = "/position 3"
# A list line has room for a few words per warning, not the sentence; the codes stay in `result`
# for scripts. /position ID shows the full sentences.
SHORT_WARNINGS = {
    "no_liquidation": N_("no liquidation"), "stop_beyond_liquidation": N_("stop past liquidation"),
    "stop_wrong_side": N_("stop on the wrong side"), "liq_within_daily_range": N_("liquidation within a daily move"),
    "above_venue_max_leverage": N_("above the venue's max leverage"), "high_leverage": N_("high leverage"),
    "cross_whole_balance": N_("whole balance at risk"),
}


def short_warning(code: str) -> str:
    return _(SHORT_WARNINGS[code]) if code in SHORT_WARNINGS else code.replace("_", " ")


def _line(p: StoredPosition, context: Context) -> tuple[Line, dict[str, Any]]:
    name = f"{label_text(p)} {p.symbol} {side_word(p.side)} {mode_word(p.margin_mode)}"
    try:
        liq = compute(stored_args(p), context, EXAMPLE)
    except UsageError as exc:
        gone = delisted(p)
        if gone is not None:
            return Line(name, _("delisted: {reason}", reason=gone)), {"id": p.id, "label": p.label, "delisted": True,
                                                                       "error": gone}
        return Line(name, _("can't compute: {reason}", reason=exc.message)), {"id": p.id, "label": p.label,
                                                                             "error": exc.message}
    codes = [w.code for w in position_warnings(liq, p.stop, context.leverage_threshold)]
    lp = liq.liquidation_price
    where = _("no liquidation") if lp is None else (
        _("liq {price} ({distance})", price=display.price(lp), distance=display.pct(liq.distance_pct, signed=True))
        if liq.distance_pct is not None else _("liq {price}", price=display.price(lp)))
    if p.take_profit is not None:   # the first of its targets: the one the position meets next
        where = _("{liquidation}, next target {price}", liquidation=where, price=display.price(p.take_profit))
    value = f"{display.leverage(liq.leverage)}, {where}"
    if codes:
        value = _("{position}; warnings: {warnings}", position=value,
                  warnings=", ".join(short_warning(c) for c in codes))
    item = {"id": p.id, "label": p.label, "symbol": p.symbol, "side": p.side, "margin_mode": p.margin_mode,
            "venue": p.venue, "contract": p.contract, "entry_price": display.number(p.entry),
            "quantity": display.number(p.quantity), "leverage": display.number(liq.leverage),
            "liquidation_price": display.number(lp), "distance_pct": display.number(liq.distance_pct),
            "warnings": codes, "next_target": display.number(p.take_profit)}
    return Line(name, value), item


async def run_list(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        saved = await store.list(owner)
        if not saved:
            hint = _("Save one: {example}", example="/save long BTC 60000 25x qty=0.5") \
                if await store.has_consented(owner) \
                else _("Saving is opt-in: /privacy explains what is kept, /optin turns it on.")
            return Reply(command="positions", title=_("No saved positions"), notes=(hint,), result={"positions": []})
        rows = [_line(p, context) for p in saved]
        notes = [_("/position ID shows one in full; /update, /add, /close and /delete change them."),
                 _("Each line is computed on its own; /portfolio balance=... counts cross positions together.")]
        if len(rows) > SHOWN:
            notes.insert(0, _("Showing the first {shown} of {count}; /export has them all.",
                              shown=SHOWN, count=len(rows)))
        flagged = sum(1 for _line_, item in rows if item.get("warnings"))
        reply = Reply(command="positions", title=_("Your saved positions ({count})", count=len(rows)),
                      headline=Line(_("With warnings"), _("{flagged} of {count}", flagged=flagged, count=len(rows))),
                      lines=tuple(line for line, _item in rows[:SHOWN]), notes=tuple(notes),
                      result={"positions": [item for _, item in rows]}, private=True)
        computed = _computed(saved, context) if args.get("chart") else []
        return charted(reply, lambda: build.positions_overview(computed, context.leverage_threshold),
                       invocation, context) if computed else reply

    return await with_store("positions", N_("Couldn't read your positions right now: storage is unavailable. Nothing "
                                            "was lost; try again in a moment."), context, invocation, job)


def _computed(saved: list[StoredPosition], context: Context) -> list:
    """(label, computed position, stop) for each saved position that computes, for the chart."""
    out = []
    for p in saved:
        try:
            out.append((label_text(p), compute(stored_args(p), context, EXAMPLE), p.stop))
        except UsageError:
            continue   # its list line already says why
    return out


async def run_one(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    position_id = require_id(args, EXAMPLE)
    extra = {"balance": args["balance"]} if "balance" in args else {}

    async def job(store: PositionStore, owner: str) -> Reply:
        p = await store.get(owner, position_id)
        if p is None:
            return not_found("position", position_id)
        reply = card("position", p, context, extra=extra, explain=bool(args.get("explain")))
        if not args.get("chart"):
            return with_chart_button(reply, invocation, context)
        return charted(reply, lambda: build.price_ladder(compute({**stored_args(p), **extra}, context, EXAMPLE),
                                                         p.stop, build.targets(p.take_profit)), invocation, context)

    return await with_store("position", N_("Couldn't read that position right now: storage is unavailable. Nothing "
                                           "was lost; try again in a moment."), context, invocation, job)


LIST = Command(
    name="positions",
    summary=N_("Your saved positions: liquidation, distance and warnings, one line each"),
    options=(o.CHART,),
    examples=("/positions", "/positions chart"),
    user_install=True,
    run=run_list,
    accepts_free_text=False,
    private=True,
)

ONE = Command(
    name="position",
    summary=N_("One saved position as the full liquidation card"),
    options=(ID, o.BALANCE, o.EXPLAIN, o.CHART),
    examples=(EXAMPLE, "/position 3 balance=5000 explain", "/position 3 chart"),
    user_install=True,
    run=run_one,
    private=True,
)
