"""At DEBUG, with real interactions through the fake, no log record holds the bot token or an
interaction token (#13 item 3). discord.py logs each gateway event (the interaction's `token`) and
each request URL (`/interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}`) at DEBUG."""

from __future__ import annotations

import logging

import pytest

from bot.log_redaction import REDACTED
from tests.discord.conftest import UNHURRIED, patient, settled, slow_dispatch
from tests.discord.fake_discord import FakeDiscord

LIQ = dict(side="long", symbol="BTC", price=60000, leverage=25)


def leaks(caplog: pytest.LogCaptureFixture, secrets: list[str]) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + (record.stack_info or "")
        found += [f"{record.name}: {secret}" for secret in secrets if secret in text]
    return found


async def test_no_token_reaches_the_log_at_debug(make_adapter, fake: FakeDiscord,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await make_adapter(cooldown=patient(), defer_after=UNHURRIED)
    quick = await fake.command("liq", **LIQ)
    await fake.answer(quick)
    await make_adapter(dispatcher=slow_dispatch, defer_after=0.005, cooldown=patient())
    deferred = await fake.command("liq", **LIQ)        # callback, then an edit through the webhook URL
    await settled(fake, deferred, 2)
    logging.getLogger("riskbot").debug("riskbot's own logger, given a payload: %s",
                                       {"token": fake.interactions[deferred].token})

    tokens = [fake.token] + [i.token for i in fake.interactions.values()]
    assert any(r.name.startswith("discord.gateway") and REDACTED in r.getMessage() for r in caplog.records), \
        "the gateway's DEBUG record of an interaction was not produced"
    assert any("/webhooks/" in r.getMessage() for r in caplog.records), "no webhook request was logged"
    assert not leaks(caplog, tokens)
