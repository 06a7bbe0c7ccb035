"""Charts through Discord (issue 17): the real adapter draws the chart off the event loop and sends
it as a multipart upload (`payload_json` + `files[0]`) whose embed shows it with
`attachment://NAME`; the fake refuses an embed image that names no upload, and returns the image
as the upload's CDN url, as Discord does.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from bot.charts.executor import ChartRenderer
from commands.charts.policy import OFF_IN_GROUP
from tests.discord.conftest import UNHURRIED, embed_text, patient, settled, slow_dispatch
from tests.discord.fake_discord import CALLBACK_DEFER, CALLBACK_MESSAGE, FakeDiscord
from tests.discord.fake_discord_rest import ATTACHMENT_LIMIT

ALICE, BOB = "610000000000000001", "610000000000000002"
POSITION = dict(side="long", symbol="BTC", price=60000, leverage=25, sl=58000, tp=66000)


@pytest.fixture
async def charts() -> AsyncIterator[ChartRenderer]:
    async with ChartRenderer("thread") as renderer:
        yield renderer


def assert_chart_in_embed(data: dict, message: dict, files: list, name: str = "price-ladder.png") -> None:
    (upload,) = files
    assert upload.filename == name and len(upload.data) <= ATTACHMENT_LIMIT
    image = Image.open(io.BytesIO(upload.data))
    image.load()
    assert image.format == "PNG" and image.width == 800
    [embed] = data["embeds"]
    assert embed["image"]["url"] == f"attachment://{name}"
    [shown] = message["embeds"]
    [attached] = message["attachments"]
    assert shown["image"]["url"] == attached["url"] and attached["filename"] == name
    assert attached["content_type"] == "image/png" and (attached["width"], attached["height"]) == image.size


async def test_a_chart_is_the_embeds_image_in_a_dm(make_adapter, fake: FakeDiscord, charts) -> None:
    await make_adapter(charts=charts, defer_after=UNHURRIED)
    sent = await fake.answer(await fake.command("liq", user_id=ALICE, guild=False, chart="yes", **POSITION))
    assert sent.payload["type"] == CALLBACK_MESSAGE
    assert embed_text(sent.data).startswith("BTC long 25x isolated")
    assert_chart_in_embed(sent.data, sent.message, sent.files)
    assert fake.problems == []


async def test_charts_are_off_in_a_server_without_the_setting(make_adapter, fake: FakeDiscord, charts) -> None:
    await make_adapter(charts=charts, defer_after=UNHURRIED)
    sent = await fake.answer(await fake.command("liq", user_id=ALICE, chart="yes", **POSITION))
    assert not sent.files and "image" not in sent.data["embeds"][0]
    assert OFF_IN_GROUP in embed_text(sent.data)
    assert "Chart" not in fake.buttons(sent.interaction_id)
    assert charts.rendered == 0


async def test_the_chart_button_draws_it_for_its_owner_only(make_adapter, fake: FakeDiscord, charts) -> None:
    await make_adapter(charts=charts, defer_after=UNHURRIED, cooldown=patient())
    asked = await fake.command("liq", user_id=ALICE, guild=False, **POSITION)
    first = await fake.answer(asked)
    assert not first.files and "Chart" in fake.buttons(asked)
    stranger = await fake.answer(await fake.press(asked, "Chart", user_id=BOB))
    assert not stranger.files and stranger.ephemeral
    pressed = await fake.answer(await fake.press(asked, "Chart", user_id=ALICE))
    assert_chart_in_embed(pressed.data, pressed.message, pressed.files)
    assert charts.rendered == 1


async def test_a_slow_answer_edits_the_deferred_message_with_the_chart(make_adapter, fake: FakeDiscord,
                                                                       charts) -> None:
    await make_adapter(charts=charts, dispatcher=slow_dispatch, defer_after=0.005)
    interaction_id = await fake.command("liq", user_id=ALICE, guild=False, chart="yes", **POSITION)
    ack, edit = await settled(fake, interaction_id, 2)
    assert (ack.payload["type"], edit.kind) == (CALLBACK_DEFER, "edit") and not ack.files
    assert_chart_in_embed(edit.data, edit.message, edit.files)
    assert fake.problems == []


def test_the_fake_refuses_an_embed_image_that_names_no_upload() -> None:
    from tests.discord.discord_rules import upload_problems

    payload = {"embeds": [{"image": {"url": "attachment://chart.png"}}]}
    assert upload_problems(payload, [100], ATTACHMENT_LIMIT, ["chart.png"]) == []
    assert upload_problems(payload, [100], ATTACHMENT_LIMIT, ["other.png"]) == \
        ["embed image attachment://chart.png names no uploaded file"]
