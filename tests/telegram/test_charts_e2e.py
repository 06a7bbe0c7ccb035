"""Charts through Telegram (issue 17): the real adapter draws the chart an answer asks for off the
event loop and sends it with sendPhoto (multipart), which the fake decodes and checks against the
Bot API's photo rules (≤ 10 MB, width + height ≤ 10,000, caption ≤ 1,024 characters).

The whole answer is the photo's caption when it fits; a longer one goes first and the photo quotes
it with the headline. In a group, charts are off until a moderator turns them on; a private answer
(/positions) has one anyway, in the DM.
"""

from __future__ import annotations

import io
import threading
from collections.abc import AsyncIterator

import pytest
from PIL import Image

from bot.charts import render
from bot.charts.executor import SKIPPED_NOTE, ChartRenderer
from commands.charts.policy import OFF_IN_GROUP
from commands.context import Context
from tests.telegram.conftest import group_context, settle
from tests.telegram.fake_bot_api import MAX_CAPTION, PHOTO_BYTES, PHOTO_SIDES, FakeBotApi
from tests.telegram.telegram_html import parse_html

ALICE, ADMIN = 701, 702
GROUP = -1007770001
LIQ = "/liq long BTC 60000 25x sl=58000 tp=66000"


@pytest.fixture
async def charts() -> AsyncIterator[ChartRenderer]:
    async with ChartRenderer("thread") as renderer:
        yield renderer


def assert_a_valid_photo(request: dict) -> Image.Image:
    upload = request["photo"]
    assert upload.content_type == "image/png" and upload.filename.endswith(".png")
    assert len(upload.data) <= PHOTO_BYTES
    image = Image.open(io.BytesIO(upload.data))
    image.load()
    assert image.format == "PNG" and sum(image.size) <= PHOTO_SIDES
    return image


async def test_a_chart_in_a_dm_is_one_photo_with_the_whole_answer_as_caption(
        fake: FakeBotApi, start_bot, charts: ChartRenderer) -> None:
    adapter = await start_bot(charts=charts)
    fake.message(f"{LIQ} chart", user_id=ALICE)
    await fake.wait_until(lambda: fake.photos(ALICE))
    await settle(fake, adapter)
    [photo] = fake.photos(ALICE)
    image = assert_a_valid_photo(photo)
    assert image.size == (800, 1000)
    caption = parse_html(photo["caption"])
    # tp= now goes through the targets ladder (c18d0ff, issue 16): the answer's reward line is the
    # target's "R:R 1 : 2.88" (6,000 up / 2,000 down, net of fees), no longer a "Risk/reward" line.
    assert caption.startswith("Liquidation: 57,831.33") and "R:R 1 : 2.88" in caption
    assert len(caption) <= MAX_CAPTION
    assert fake.sent_to(ALICE) == []                      # no separate text message
    assert charts.rendered == 1


async def test_a_long_answer_goes_first_and_the_photo_quotes_it_with_the_headline(
        fake: FakeBotApi, start_bot, charts: ChartRenderer) -> None:
    adapter = await start_bot(charts=charts)
    fake.message("/liq long BTC 60000 100x sl=50000 tp=66000 qty=0.5 explain bybit cross chart", user_id=ALICE)
    await fake.wait_until(lambda: fake.photos(ALICE))
    await settle(fake, adapter)
    [text] = fake.sent_to(ALICE)
    [photo] = fake.photos(ALICE)
    assert len(parse_html(text["text"])) > MAX_CAPTION and "Formula" in parse_html(text["text"])
    sent = next(c for c in fake.calls if c.params is text)
    assert photo["reply_parameters"]["message_id"] == sent.result["message_id"]
    assert parse_html(photo["caption"]).splitlines() == ["Liquidation: 59,598.00",
                                                         "BTC long 100x cross · Bybit linear"]
    assert_a_valid_photo(photo)


async def test_charts_are_off_in_a_group_until_a_moderator_turns_them_on(
        fake: FakeBotApi, start_bot, charts: ChartRenderer, database, clock) -> None:
    fake.members[(GROUP, ADMIN)] = "administrator"
    adapter = await start_bot(context=group_context(database, clock), charts=charts)
    in_group = dict(chat_id=GROUP, chat_type="supergroup")
    fake.message(f"{LIQ} chart", user_id=ALICE, **in_group)
    await settle(fake, adapter)
    [text] = fake.sent_to(GROUP)
    assert OFF_IN_GROUP in parse_html(text["text"]) and fake.photos() == []
    assert fake.keyboard(text) == []                      # and no Chart button to press
    assert charts.rendered == 0
    fake.message("/set charts=on", user_id=ADMIN, **in_group)
    await settle(fake, adapter)
    assert "Charts in answers: on (set here)" in parse_html(fake.sent_to(GROUP)[-1]["text"])
    asked = fake.message(f"{LIQ} chart", user_id=ALICE, **in_group)
    await fake.wait_until(lambda: fake.photos(GROUP))
    [photo] = fake.photos(GROUP)
    assert photo["reply_parameters"]["message_id"] == asked["message_id"]   # quotes the command
    assert_a_valid_photo(photo)


async def test_the_chart_button_draws_the_same_position_for_its_owner(
        fake: FakeBotApi, start_bot, charts: ChartRenderer) -> None:
    adapter = await start_bot(charts=charts)
    fake.message(LIQ, user_id=ALICE)
    [answer] = await fake.wait_for_sent(1)
    assert fake.keyboard(answer) == ["Chart"] and fake.photos() == []
    fake.press(answer, user_id=ALICE)
    await fake.wait_until(lambda: fake.photos(ALICE))
    await settle(fake, adapter)
    [photo] = fake.photos(ALICE)
    assert parse_html(photo["caption"]).startswith("Liquidation: 57,831.33")
    assert_a_valid_photo(photo)


async def test_saved_positions_chart_is_private_and_goes_to_the_dm(
        fake: FakeBotApi, start_bot, charts: ChartRenderer, store) -> None:
    adapter = await start_bot(context=Context(store=store), charts=charts)
    for line in ("/save long BTC 60000 25x qty=0.5 consent=yes", "/save short ETH 3000 10x qty=2"):
        fake.message(line, user_id=ALICE)
    await settle(fake, adapter)
    fake.message("/positions chart", user_id=ALICE, chat_id=GROUP, chat_type="supergroup")
    await fake.wait_until(lambda: fake.photos(ALICE))
    await settle(fake, adapter)
    assert fake.photos(GROUP) == []
    [photo] = fake.photos(ALICE)
    assert photo["photo"].filename == "positions.png"
    assert parse_html(photo["caption"]).startswith("With warnings: ")
    assert_a_valid_photo(photo)


async def test_a_chart_that_would_wait_too_long_is_skipped_and_the_text_goes_alone(
        fake: FakeBotApi, start_bot) -> None:
    release = threading.Event()

    def stuck(chart) -> bytes:
        release.wait(5)
        return render.render(chart)

    renderer = ChartRenderer("thread", deadline=0.05, draw=stuck)
    try:
        adapter = await start_bot(charts=renderer)
        fake.message(f"{LIQ} chart", user_id=ALICE)
        [text] = await fake.wait_for_sent(1)
        assert SKIPPED_NOTE in parse_html(text["text"]) and fake.photos() == []
        assert renderer.skipped_late == 1
        await settle(fake, adapter)
    finally:
        release.set()
        await renderer.close()


async def test_the_fake_refuses_photos_telegram_would_refuse(fake: FakeBotApi, bot) -> None:
    from telegram.error import BadRequest

    def png(size: tuple[int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", size).save(out, "PNG")
        return out.getvalue()

    for data, refusal in ((png((9000, 1200)), "PHOTO_INVALID_DIMENSIONS"), (png((2100, 100)), "PHOTO_INVALID_DIMENSIONS"),
                          (b"not an image", "IMAGE_PROCESS_FAILED")):
        with pytest.raises(BadRequest, match=f"(?i){refusal}"):
            await bot.app.bot.send_photo(ALICE, data, filename="x.png")
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.app.bot.send_photo(ALICE, png((800, 500)), caption="x" * (MAX_CAPTION + 1), parse_mode=None)
    assert fake.photos() == []


async def test_a_refused_photo_still_delivers_the_answer_as_text(
        fake: FakeBotApi, start_bot, charts: ChartRenderer) -> None:
    from bot.telegram.delivery import PHOTO_REFUSED

    adapter = await start_bot(charts=charts)
    fake.fail_next("sendPhoto", 400, description="Bad Request: PHOTO_INVALID_DIMENSIONS")
    fake.message(f"{LIQ} chart", user_id=ALICE)
    [text] = await fake.wait_for_sent(1)
    assert parse_html(text["text"]).startswith("Liquidation: 57,831.33") and fake.photos() == []
    fake.fail_next("sendPhoto", 400, description="Bad Request: PHOTO_INVALID_DIMENSIONS")
    fake.message("/liq long BTC 60000 100x sl=50000 tp=66000 qty=0.5 explain bybit cross chart", user_id=ALICE)
    await fake.wait_for_sent(3)
    await settle(fake, adapter)
    answer, notice = fake.sent_to(ALICE)[1:]
    assert "Formula" in parse_html(answer["text"]) and parse_html(notice["text"]) == PHOTO_REFUSED
