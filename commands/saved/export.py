"""/export: everything riskbot stores about the caller, as a JSON file.

The file rides on the reply as an `Attachment` (Telegram sends it as a document, Discord as an
attachment, both privately); the text shows a short summary. `result["json"]` carries the same
text for the console's --json mode and scripts.
"""

from __future__ import annotations

import json
from typing import Any

from commands.context import Context
from commands.invocation import Invocation
from commands.language.stored import language_line
from commands.saved.store_port import PositionStore
from commands.registry import Command
from commands.reply import Attachment, Line, Reply
from commands.saved.common import with_store
from core.i18n import N_, _


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        records = await store.export(owner)
        positions = sum(1 for r in records if r.get("record") == "position")
        consented = any(r.get("record") == "consent" for r in records)
        language = next((r["language"] for r in records if r.get("record") == "language"), None)
        text = json.dumps({"owner": owner, "records": records}, ensure_ascii=False, indent=1)
        return Reply(
            command="export", title=_("Your data"), headline=Line(_("Records"), str(len(records))),
            lines=(Line(_("Opt-in"), _("recorded") if consented else _("none")), Line(_("Positions"), str(positions)),
                   *((language_line(language),) if language else ())),
            notes=(_("The file riskbot-export.json holds every record."), _("/forget confirm erases all of it.")),
            result={"records": len(records), "positions": positions, "json": text},
            attachment=Attachment("riskbot-export.json", text.encode("utf-8")))

    return await with_store("export", N_("Couldn't read your data right now: storage is unavailable. Nothing was "
                                         "lost; try again in a moment."), context, invocation, job)


COMMAND = Command(
    name="export",
    summary=N_("Everything riskbot stores about you, as JSON"),
    options=(),
    examples=("/export",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    private=True,
)
