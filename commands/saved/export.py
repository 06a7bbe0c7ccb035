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


async def run(args: dict[str, Any], invocation: Invocation, context: Context) -> Reply:
    async def job(store: PositionStore, owner: str) -> Reply:
        records = await store.export(owner)
        positions = sum(1 for r in records if r.get("record") == "position")
        consented = any(r.get("record") == "consent" for r in records)
        language = next((r["language"] for r in records if r.get("record") == "language"), None)
        text = json.dumps({"owner": owner, "records": records}, ensure_ascii=False, indent=1)
        return Reply(
            command="export", title="Your data", headline=Line("Records", str(len(records))),
            lines=(Line("Opt-in", "recorded" if consented else "none"), Line("Positions", str(positions)),
                   *((language_line(language),) if language else ())),
            notes=("The file riskbot-export.json holds every record.", "/forget confirm erases all of it."),
            result={"records": len(records), "positions": positions, "json": text},
            attachment=Attachment("riskbot-export.json", text.encode("utf-8")))

    return await with_store("export", "read your data", context, invocation, job)


COMMAND = Command(
    name="export",
    summary="Everything riskbot stores about you, as JSON",
    options=(),
    examples=("/export",),
    user_install=True,
    run=run,
    accepts_free_text=False,
    private=True,
)
