"""The hostile-input catalogue of research/reliability.md §6.1, as data every robustness test reads.

Each row keeps its catalogue ID next to the input, so a failure names the case in the research
notes. `expect` is the policy the README and commands/numbers.py document:
- "reject": one short usage reply (ASCII digits only, no scientific notation, no NaN/inf, symbols
  are ASCII letters and digits, leverage 1x..venue max, nothing but known tokens);
- "accept": an answer;
- "same": an answer identical to the plain `/liq long BTC 60000 25x isolated` (separator and
  invisible-character variants must not change the request).
IDs B53-B63 are about chats, permissions and storage rather than one line of text; they live with
the adapter and storage suites (tests/telegram, tests/discord, tests/positions) and are listed in
ELSEWHERE so the catalogue stays complete in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAIN = "/liq long BTC 60000 25x isolated"


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect: str  # "reject" | "accept" | "same"

    def __str__(self) -> str:  # pytest shows this as the test id
        return self.id


def _liq(entry: str = "60000", leverage: str = "25x", symbol: str = "BTC", tail: str = "isolated") -> str:
    return " ".join(part for part in ("/liq long", symbol, entry, leverage, tail) if part)


CASES: tuple[Case, ...] = (
    Case("B01", _liq("1e308"), "reject"),
    Case("B02", _liq("1e999"), "reject"),
    *(Case("B03", _liq(v), "reject") for v in ("nan", "NaN", "nAn")),
    *(Case("B04", _liq(v), "reject") for v in ("inf", "Infinity", "-inf")),
    Case("B05", _liq(leverage="0x"), "reject"),
    Case("B06", _liq(leverage="-25x"), "reject"),
    Case("B07", _liq(leverage="5e-324x"), "reject"),
    *(Case("B08", _liq(v), "reject") for v in ("0", "-0", "0.0", "-60000")),
    Case("B09", _liq("1e-400"), "reject"),
    Case("B10", _liq("1e999999999"), "reject"),
    Case("B11", "/liq long BTC 999999999999999 125x qty=999999999999999", "reject"),
    Case("B12", _liq("sNaN"), "reject"),
    Case("B13", _liq("1E+999999"), "reject"),
    Case("B14", _liq("9" * 38), "reject"),
    Case("B15", _liq("9" * 400), "reject"),
    Case("B16", "/liq long BTC 60000 25x qty=" + "7" * 450, "reject"),
    Case("B17", _liq("٦٠٠٠٠"), "reject"),
    Case("B18", _liq("۶۰۰۰۰"), "reject"),
    Case("B19", _liq("６００００"), "reject"),
    *(Case("B20", _liq(v), "reject") for v in ("६००००", "𝟔𝟎𝟎𝟎𝟎")),
    Case("B21", _liq("60000²"), "reject"),
    *(Case("B22", _liq(v), "reject") for v in ("½", "①")),
    Case("B23", _liq("60.000,5"), "reject"),
    Case("B24", _liq("60,000.5"), "accept"),
    Case("B25", _liq("60000,5"), "reject"),
    Case("B26", _liq("1_000"), "reject"),
    *(Case("B27", _liq(v), "reject") for v in ("0x10", "0b101", "1e3e3")),
    Case("B28", _liq("6e4"), "reject"),
    *(Case("B29", _liq("60000" + ch), "same") for ch in ("\u200b", "\u2060", "\ufeff")),
    *(Case("B30", PLAIN.replace(" ", sep), "same") for sep in ("\u00a0", "\u2003", "\t", "  ")),
    *(Case("B31", _liq(leverage=v), "same") for v in ("25X", "x25", "25×")),
    Case("B31", _liq(leverage="25 x"), "reject"),
    Case("B32", _liq(leverage="1000000x"), "reject"),
    Case("B33", _liq(leverage="25.123456789x"), "reject"),
    Case("B33", _liq("60000.12345678901234567890"), "reject"),
    Case("B34", "/liq LONG btc 60000 25X ISOLATED", "same"),
    Case("B35", "/liq longg BTC 60000 25x", "reject"),
    Case("B35", "/liq buy BTC 60000 25x isolated", "same"),
    *(Case("B36", text, "reject") for text in ("/liq", "/liq long", "/liq long BTC")),
    Case("B37", PLAIN + " extra junk", "reject"),
    Case("B38", PLAIN + " " + "x" * 4096, "reject"),
    Case("B39", _liq("1" * 27 + "y"), "reject"),
    Case("B39", _liq(leverage="9" * 400 + "z"), "reject"),
    Case("B40", _liq(symbol="@everyone"), "reject"),
    Case("B41", _liq(symbol="@here"), "reject"),
    Case("B42", _liq(symbol="<@&123456789012345678>"), "reject"),
    Case("B43", _liq(symbol="<@123456789012345678>"), "reject"),
    *(Case("B44", _liq(symbol=s), "reject") for s in ("@\u200beveryone", "@еveryone", "BTC\u202eevil")),
    *(Case("B45", _liq(symbol=s), "reject") for s in ("**BTC**", "`x`", "||spoiler||", "[Binance](https://evil.example)")),
    *(Case("B46", _liq(symbol=s), "reject") for s in ("<b>x</b>", '<a href="https://evil">Binance</a>', "</code>")),
    *(Case("B47", _liq(symbol=s), "reject") for s in ("_*[", ".", "-")),
    *(Case("B48", _liq(symbol=s), "reject") for s in ("a&b", "&lt;", "&#x27;")),
    *(Case("B49", _liq(symbol=s), "reject") for s in ("';", "'OR", "x')")),
    Case("B49", "/liq long '; DROP TABLE positions; -- 60000 25x", "reject"),
    Case("B50", _liq(symbol="BTC\x00evil"), "reject"),
    Case("B51", _liq(symbol="BTC\ud800"), "reject"),
    Case("B52", _liq(symbol="ВТС"), "reject"),
    *(Case("B64", "/liq " + junk, "reject") for junk in ("\r", "\x1b[2J", "\x07", "\x1b[31mBTC")),
)

# Symbols that echo back into a reply: the rows an adapter must deliver without a ping or markup.
ECHOED = tuple(case for case in CASES if case.id in {"B40", "B41", "B42", "B43", "B44", "B45", "B46", "B47",
                                                      "B48", "B49", "B50", "B52"})

ELSEWHERE = {
    "B53": "tests/telegram/test_commands_e2e.py::test_command_addressed_to_another_bot_is_ignored",
    "B54": "tests/telegram/test_commands_e2e.py::test_edited_command_is_not_answered_twice",
    "B55-B58": "tests/telegram/test_moderators_e2e.py",
    "B57": "tests/telegram/test_commands_e2e.py::test_automatic_forward_from_linked_channel_is_ignored",
    "B59-B60": "tests/discord/test_discord_moderator.py",
    "B61": "tests/positions/test_consent.py",
    "B62": "tests/positions/test_forget_export.py",
    "B63": "tests/positions/test_isolation.py",
}

# The §6.2 faults and where each is exercised. Those marked "not covered" are the gaps.
FAULTS = {
    "F01": "tests/telegram/test_faults_e2e.py::test_429_is_waited_out_and_the_reply_delivered_once",
    "F03": "tests/discord/test_discord_resilience.py::test_a_rate_limited_callback_is_retried_by_discord_py",
    "F04": "tests/discord/test_discord_resilience.py::test_a_bad_token_fails_start (401 stops); "
           "tests/discord/test_discord_messenger.py::test_a_refusal_is_false_not_an_exception (403 on a post: "
           "logged, not retried; a schedule tries again only at its next interval, an hour or more later)",
    "F05": "tests/discord/test_discord_resilience.py::test_a_slow_answer_is_deferred_then_edited",
    "F08": "tests/storage/test_crash.py::test_sigkill_loses_no_acknowledged_save",
    "F09": "tests/robustness/via_telegram|via_discord/test_storage_faults_*.py (locked database)",
    "F10": "tests/storage/test_sqlite_faults.py::test_every_write_takes_the_write_lock_first",
    "F11": "tests/robustness/via_telegram|via_discord/test_storage_faults_*.py (full disk)",
    "F12": "tests/storage/test_sqlite_faults.py (garbage file, damaged pages, unreachable path)",
    "F13": "tests/discord/test_discord_resilience.py::test_gateway_drop_resumes_and_answers_each_interaction_once",
    "F15": "tests/telegram/test_faults_e2e.py::test_polling_resumes_when_the_api_comes_back",
    "F16": "tests/telegram/test_delivery_e2e.py::test_webhook_mode_checks_the_secret_and_answers",
    "F17": "tests/telegram/test_faults_e2e.py::test_the_token_never_reaches_the_logs",
    "F18, F20": "tests/robustness/test_bounded_state.py",
    "F19": "tests/robustness/via_telegram/test_slow_handler_telegram.py",
    "not covered": "F02 (coalescing under repeated 429), F06-F07 (no charts yet), "
                   "F14 (supervisor backoff: left to Docker's restart policy)",
}
