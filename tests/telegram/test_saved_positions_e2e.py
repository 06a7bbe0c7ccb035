"""Saved positions through Telegram: the real adapter, the real dispatcher, a real SQLite file.

What is proved here is where each answer lands. Anything about a user's saved data (the consent
explanation, their positions, the export file, the erase prompt) is shown only in that user's DM;
the group sees a one-line notice, and when the DM is refused the group learns how to fix that and
nothing else. One user can neither read nor delete another's row.
"""

from __future__ import annotations

import json
from html import unescape

from bot.telegram.delivery import SENT_BY_DM, START_A_DM, START_LINK
from tests.telegram.conftest import settle, stored_rows
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.telegram_html import parse_html

GROUP = -1009988776655
ALICE, BOB = 501, 502
SAVE = "/save long BTC 60000 25x qty=0.5"


def visible(sent: dict) -> str:
    return parse_html(sent["text"])


async def ask_in_group(fake: FakeBotApi, bot, text: str, user_id: int) -> tuple[list[dict], list[dict]]:
    """Send `text` in the group; return (what the user got by DM, what the group got) for it alone."""
    dm_before, group_before = len(fake.sent_to(user_id)), len(fake.sent_to(GROUP))
    fake.message(text, user_id=user_id, chat_id=GROUP, chat_type="supergroup")
    await settle(fake, bot)
    return fake.sent_to(user_id)[dm_before:], fake.sent_to(GROUP)[group_before:]


async def save_for(fake: FakeBotApi, bot, user_id: int, text: str = SAVE) -> int:
    """Opt in and save in the user's DM; return the new position's id as the reply states it."""
    before = len(fake.sent_to(user_id))
    fake.message(f"{text} consent=yes", user_id=user_id)
    await settle(fake, bot)
    [reply] = fake.sent_to(user_id)[before:]
    saved = [line for line in visible(reply).splitlines() if line.startswith("Saved as: #")]
    assert saved, visible(reply)
    return int(saved[0].removeprefix("Saved as: #").split(";")[0])


async def test_save_in_a_group_without_consent_explains_by_dm_only(
        fake: FakeBotApi, saving_bot, db_path) -> None:
    dms, group = await ask_in_group(fake, saving_bot, SAVE, ALICE)
    [explanation] = dms
    assert "Saving needs your OK first" in visible(explanation)
    assert "Nothing was saved." in visible(explanation)
    assert fake.keyboard(explanation) == ["Yes, opt in and save"]
    [notice] = group
    assert unescape(notice["text"]) == SENT_BY_DM
    assert "reply_markup" not in notice
    assert stored_rows(db_path) == []


async def test_save_in_a_dm_is_answered_in_the_dm(fake: FakeBotApi, saving_bot, db_path) -> None:
    position_id = await save_for(fake, saving_bot, ALICE)
    [row] = stored_rows(db_path)
    assert (row["id"], row["owner"], row["entry"], row["quantity"]) == (position_id, f"telegram:{ALICE}",
                                                                        "60000", "0.5")
    assert [int(m["chat_id"]) for m in fake.sent] == [ALICE]


async def test_saved_data_asked_for_in_a_group_only_ever_reaches_the_dm(
        fake: FakeBotApi, saving_bot) -> None:
    position_id = await save_for(fake, saving_bot, ALICE, "/save long ETH 3000 10x qty=2 label=swing")
    for text, expected in [("/positions", "Your saved positions (1)"),
                           (f"/position {position_id}", f"#{position_id} (swing)"),
                           ("/export", "Your data"),
                           ("/forget", "Erase everything riskbot stores about you?")]:
        dms, group = await ask_in_group(fake, saving_bot, text, ALICE)
        assert [expected in visible(m) for m in dms] == [True], text
        assert [unescape(m["text"]) for m in group] == [SENT_BY_DM], text
    [export] = fake.documents()
    assert int(export["chat_id"]) == ALICE
    assert all("swing" not in visible(m) and "3,000" not in visible(m) for m in fake.sent_to(GROUP))


async def test_a_refused_dm_leaves_the_group_a_start_notice_and_no_data(
        fake: FakeBotApi, saving_bot) -> None:
    position_id = await save_for(fake, saving_bot, ALICE, "/save long ETH 3000 10x qty=2 label=swing")
    fake.blocked_chats.add(ALICE)   # Alice blocked the bot after saving
    for text in ("/positions", f"/position {position_id}", "/export", SAVE):
        dms, group = await ask_in_group(fake, saving_bot, text, ALICE)
        assert dms == []
        assert [visible(m) for m in group] == [START_A_DM.format(link=START_LINK)], text
    assert fake.documents() == []
    refused = [c for c in fake.calls if c.status == 403]
    assert {int(c.params["chat_id"]) for c in refused} == {ALICE}   # the data went nowhere else


async def test_export_file_holds_this_users_rows_and_no_one_elses(fake: FakeBotApi, saving_bot, db_path) -> None:
    mine = await save_for(fake, saving_bot, ALICE, "/save long BTC 60000 25x qty=0.5 label=mine")
    theirs = await save_for(fake, saving_bot, BOB, "/save short ETH 3000 5x qty=1 label=theirs")
    await ask_in_group(fake, saving_bot, "/export", ALICE)
    [document] = fake.documents()
    assert int(document["chat_id"]) == ALICE and "reply_parameters" not in document
    upload = document["document"]
    assert upload.filename == "riskbot-export.json"
    exported = json.loads(upload.data.decode("utf-8"))
    assert exported["owner"] == f"telegram:{ALICE}"
    positions = [r for r in exported["records"] if r["record"] == "position"]
    assert [(p["id"], p["label"]) for p in positions] == [(mine, "mine")]
    assert {r["owner"] for r in exported["records"]} == {f"telegram:{ALICE}"}
    assert theirs not in {p["id"] for p in positions} and b"theirs" not in upload.data
    # the file agrees with the database file itself
    [row] = stored_rows(db_path, f"telegram:{ALICE}")
    assert (positions[0]["entry"], positions[0]["quantity"]) == (row["entry"], row["quantity"])


async def test_another_user_cannot_read_or_delete_a_position(fake: FakeBotApi, saving_bot, db_path) -> None:
    position_id = await save_for(fake, saving_bot, ALICE)
    before = stored_rows(db_path)
    for text in (f"/position {position_id}", f"/delete {position_id}"):
        fake.message(text, user_id=BOB)
        await settle(fake, saving_bot)
        answer = visible(fake.sent_to(BOB)[-1])
        assert answer.startswith(f"You have no saved position #{position_id}."), text
        assert "BTC" not in answer and "60,000" not in answer
    missing = position_id + 1000   # an id nobody has gets the very same words
    fake.message(f"/delete {missing}", user_id=BOB)
    await settle(fake, saving_bot)
    assert visible(fake.sent_to(BOB)[-1]).startswith(f"You have no saved position #{missing}.")
    assert stored_rows(db_path) == before


async def test_the_binance_faq_cross_example_through_telegram(fake: FakeBotApi, saving_bot) -> None:
    """Binance FAQ's two-position cross example (its 2021 tiers given as mmr=/cum=): 26,316.89 and
    1,153.26, asked in a group, answered in the DM."""
    await save_for(fake, saving_bot, ALICE, "/save long BTC 32481.98 cross 20x qty=109.488 mmr=2.5% cum=16300")
    await save_for(fake, saving_bot, ALICE, "/save long ETH 1456.84 cross 10x qty=3683.979 mmr=10% cum=135365")
    dms, group = await ask_in_group(fake, saving_bot, "/portfolio balance=1535443.01 mark=BTC:31967.27,ETH:1335.18",
                                    ALICE)
    [answer] = dms
    text = visible(answer)
    assert "BTC" in text and "26,316.89" in text and "1,153.26" in text
    assert [unescape(m["text"]) for m in group] == [SENT_BY_DM]
