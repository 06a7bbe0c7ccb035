"""Every command riskbot answers, in menu order: the one module that imports the command modules.

Command modules import `commands.registry` for its types; the registry imports none of them.
This module sits above both, and only what needs the whole list (dispatch, the adapters' menus)
imports it, so the import graph has no circle.
"""

from __future__ import annotations

from commands.alerts import command as alerts
from commands.calculators import avg, help, lev, liq, pnl, price, size, venues
from commands.groups import audit, riskwarn, settings
from commands.language import command as lang
from commands.registry import Command, find, register
from commands.signals import plan
from commands.saved import add, close, delete, export, forget, listing, optin, portfolio, save, update

COMMANDS: tuple[Command, ...] = (
    liq.COMMAND, size.COMMAND, pnl.COMMAND, avg.COMMAND, lev.COMMAND, plan.COMMAND,
    save.COMMAND, listing.LIST, listing.ONE, update.COMMAND, add.COMMAND, close.COMMAND,
    delete.COMMAND, portfolio.COMMAND, export.COMMAND, forget.COMMAND, optin.OPTIN, optin.PRIVACY,
    price.COMMAND, venues.COMMAND, alerts.COMMAND, lang.COMMAND,
    settings.SETTINGS, settings.SET, riskwarn.COMMAND, audit.COMMAND,
    help.COMMAND, help.START,
)
register(COMMANDS)


def all_commands() -> tuple[Command, ...]:
    return COMMANDS


__all__ = ["COMMANDS", "all_commands", "find"]
