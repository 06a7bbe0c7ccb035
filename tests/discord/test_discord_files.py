"""A reply's file: uploaded as multipart/form-data (payload_json + files[0]) with the answer,
ephemeral when the answer is private; the fake parses the upload and keeps the bytes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.discord.adapter import DiscordAdapter
from commands.context import Context
from commands.reply import Attachment, Reply
from tests.discord.conftest import embed_text, patient, settled, slow_dispatch, stored
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord, Upload

ALICE, BOB = "700000000000000001", "700000000000000002"
POSITION = dict(side="long", symbol="BTC", price=60000, leverage=25, consent="yes")


def exported(upload: Upload) -> dict:
    assert upload.filename == "riskbot-export.json"
    return json.loads(upload.data.decode("utf-8"))


async def save_for_both(fake: FakeDiscord, messages_each: int = 1) -> None:
    """Alice saves two positions, Bob one; each is waited for until its answer is complete."""
    for user, qty in ((ALICE, 0.5), (ALICE, 1.5), (BOB, 7)):
        await settled(fake, await fake.command("save", user_id=user, **POSITION, qty=qty), messages_each)


async def test_export_is_a_private_file_of_your_rows_only(saving_bot: DiscordAdapter, fake: FakeDiscord,
                                                          db_path: Path) -> None:
    await save_for_both(fake)
    sent = await fake.answer(await fake.command("export", user_id=ALICE))
    assert sent.payload["type"] == CALLBACK_MESSAGE and sent.ephemeral
    assert sent.data["allowed_mentions"] == {"parse": []}
    assert [a["filename"] for a in sent.data["attachments"]] == ["riskbot-export.json"]
    assert "Records: 3" in embed_text(sent.data)
    (upload,) = sent.files
    document = exported(upload)
    assert document["owner"] == f"discord:{ALICE}"
    positions = [r for r in document["records"] if r["record"] == "position"]
    assert {r["owner"] for r in document["records"]} == {f"discord:{ALICE}"}
    assert sorted(r["quantity"] for r in positions) == ["0.5", "1.5"]
    assert sorted(r["id"] for r in positions) == sorted(row["id"] for row in stored(db_path, "positions",
                                                                                      f"discord:{ALICE}"))
    assert "7" not in [r["quantity"] for r in positions], "Bob's position is not in Alice's file"


async def test_a_slow_export_arrives_privately_with_the_file(
        make_adapter, store, fake: FakeDiscord) -> None:
    await make_adapter(context=Context(store=store), dispatcher=slow_dispatch, defer_after=0.005, cooldown=patient())
    await save_for_both(fake, messages_each=2)         # a private defer, then the edit
    interaction_id = await fake.command("export", user_id=BOB)
    ack, followup = await settled(fake, interaction_id, 2)
    assert (ack.payload["type"], followup.kind) == (CALLBACK_DEFER, "edit") and ack.ephemeral
    assert not ack.files and followup.ephemeral
    document = exported(followup.files[0])
    assert [r["quantity"] for r in document["records"] if r["record"] == "position"] == ["7"]


async def test_a_public_slow_answer_edits_its_file_in(make_adapter, fake: FakeDiscord) -> None:
    """No public reply carries a file today; the edit path must still upload one correctly."""
    async def slow_public_file(invocation, context):
        await asyncio.sleep(0.05)
        return Reply(command="chart", title="Chart", attachment=Attachment("chart.txt", b"@everyone 1,2,3", "text/plain"))

    await make_adapter(dispatcher=slow_public_file, defer_after=0.005)
    interaction_id = await fake.command("liq", side="long", symbol="BTC", price=60000)
    ack, edit = await settled(fake, interaction_id, 2)
    assert (ack.payload["type"], edit.kind) == (CALLBACK_DEFER, "edit")
    assert [(u.filename, u.data) for u in edit.files] == [("chart.txt", b"@everyone 1,2,3")]
    assert edit.payload["allowed_mentions"] == {"parse": []} and not edit.ephemeral
    assert edit.message is not None and [a["filename"] for a in edit.message["attachments"]] == ["chart.txt"]
