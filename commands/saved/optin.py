"""/optin records a user's consent to saving positions; /privacy says what is stored and how to
remove it. Nothing is stored for anyone before /optin (or /save ... consent=yes)."""

from __future__ import annotations

from typing import Any

from commands.context import Context
from commands.invocation import Invocation
from commands.language.stored import language_line, stored_language
from commands.saved.store_port import PositionStore, erasure
from commands.registry import Command
from commands.reply import Line, Reply
from commands.saved.common import DISABLED, OPT_IN, what_is_stored, with_store
from core.i18n import N_, _


async def run_optin(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        already = await store.has_consented(owner)
        consent = await store.record_consent(owner)
        when = consent.consented_at.strftime("%Y-%m-%d %H:%M UTC")
        headline = _("You had already opted in ({when}).", when=when) if already \
            else _("You're opted in: /save now keeps positions.")
        return Reply(command="optin", title=_("Saved positions: opted in"), lines=what_is_stored(),
                     notes=(headline, _("Save one: {example}", example="/save long BTC 60000 25x qty=0.5 label=swing")),
                     result={"consented": True, "consented_at": consent.consented_at.isoformat()})

    return await with_store("optin", N_("Couldn't record your opt-in right now: storage is unavailable. Nothing was "
                                        "lost; try again in a moment."), context, invocation, job)


async def run_privacy(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    if context.store is None:
        return Reply(command="privacy", title=_("Privacy: saved positions"), lines=what_is_stored(),
                     notes=(_(DISABLED), _("Nothing about you is stored on this bot.")),
                     result={"storage": False, "consented": False}, private=True)

    async def job(store: PositionStore, owner: str) -> Reply:
        consented = await store.has_consented(owner)
        language = await stored_language(context, owner)   # kept without opt-in: listed when there is one
        status = (_("You have opted in. /positions lists what you saved.") if consented
                  else _("You have not opted in, so nothing about you is stored. {opt_in}", opt_in=_(OPT_IN)))
        if language and not consented:
            status = _("You have not opted in, so no positions are stored; your /lang choice is. {opt_in}",
                       opt_in=_(OPT_IN))
        return Reply(command="privacy", title=_("Privacy: saved positions"),
                     lines=(*what_is_stored(), *((language_line(language),) if language else ()),
                            Line(_("Erasure"), erasure(store))),
                     notes=(status, _("Saving is opt-in; calculations are never stored.")),
                     result={"storage": True, "consented": consented, **({"language": language} if language else {})})

    return await with_store("privacy", N_("Couldn't check your status right now: storage is unavailable. Nothing "
                                          "was lost; try again in a moment."), context, invocation, job)


OPTIN = Command(
    name="optin",
    summary=N_("Agree to saving your positions (nothing is stored before you do)"),
    options=(),
    examples=("/optin",),
    user_install=True,
    run=run_optin,
    accepts_free_text=False,
    private=True,
)

PRIVACY = Command(
    name="privacy",
    summary=N_("What riskbot stores about you, and how to remove it"),
    options=(),
    examples=("/privacy",),
    user_install=True,
    run=run_privacy,
    accepts_free_text=False,
    private=True,
)
