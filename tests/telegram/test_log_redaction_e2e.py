"""At DEBUG, the Telegram harness (real PTB against the fake, webhook mode with a secret) leaves no
bot token or webhook secret in any record, riskbot's own loggers included (#13 item 3). PTB logs
each Bot API call's parameters at DEBUG, `setWebhook`'s `secret_token` among them."""

from __future__ import annotations

import logging
import socket

import aiohttp
import pytest
from pydantic import SecretStr

from tests.telegram.conftest import TOKEN, make_settings
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "s3cret-webhook-value-0123456789"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_no_token_or_webhook_secret_at_debug(fake: FakeBotApi, start_bot,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "telegram"):
        caplog.set_level(logging.DEBUG, logger=name)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hooks/telegram"
    await start_bot(make_settings(fake, telegram_webhook_url=url, telegram_webhook_port=port,
                                  telegram_webhook_secret=SecretStr(SECRET)))
    update = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"}, "from": fake.user(42),
        "text": "/liq long BTC 60000 25x", "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}
    async with aiohttp.ClientSession() as http:
        answered = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert answered.status == 200
    await fake.wait_for_sent(1)
    logging.getLogger("riskbot").warning("riskbot's own logger with %s and %s", TOKEN, SECRET)

    assert any("setWebhook" in r.getMessage() for r in caplog.records), "PTB's DEBUG call log was not produced"
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        assert TOKEN not in text and SECRET not in text, (record.name, text)
