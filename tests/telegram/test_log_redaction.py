"""The token filter on its own: message, arguments, tracebacks, and loggers created before it."""

from __future__ import annotations

import logging

import pytest

from bot.log_redaction import REDACTED, TokenRedactor, install, uninstall

TOKEN = "987654321:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ"
SHAPED_LIKE_A_TOKEN = "1234567:ZZyyXXwwVVuuTTssRRqqPPooNNmmLLkkJJ"


@pytest.fixture
def redacted(caplog: pytest.LogCaptureFixture):
    logging.getLogger("telegram.ext.Updater")   # libraries create their loggers at import
    redactor = TokenRedactor([TOKEN])
    loggers = install(redactor, ["httpx", "telegram"])
    caplog.set_level(logging.DEBUG)
    yield caplog
    uninstall(redactor, loggers)


def test_message_arguments_and_traceback_are_redacted(redacted) -> None:
    log = logging.getLogger("httpx")
    log.info('HTTP Request: POST http://x/bot%s/getMe "200 OK"', TOKEN)
    try:
        raise ConnectionError(f"http://x/bot{TOKEN}/getUpdates failed; also {SHAPED_LIKE_A_TOKEN}")
    except ConnectionError:
        log.exception("request failed")
    assert TOKEN not in redacted.text and SHAPED_LIKE_A_TOKEN not in redacted.text
    assert redacted.text.count(REDACTED) == 3


def test_child_loggers_that_already_exist_are_covered(redacted) -> None:
    logging.getLogger("telegram.ext.Updater").warning("token %s", TOKEN)
    assert TOKEN not in redacted.text


def test_other_text_is_left_alone(redacted) -> None:
    logging.getLogger("telegram").info("rate %d%% of %s", 5, "60,000.00")
    assert "rate 5% of 60,000.00" in redacted.text
