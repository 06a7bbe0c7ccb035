"""`riskbot ask --lang` and `riskbot console --lang` through the real entry point: the option is the
console user's locale, so the answer is composed and rendered in that language (shown here with the
pseudo-locale, `qps`, until the catalogues are translated), while the JSON `result`, the machine
interface, stays the same in every language."""

from __future__ import annotations

import json

from tests.console.test_console import run

TRY_IN_PSEUDO = "\u27e6\u0162\u0155\u00fd: /liq long BTC 60000 25x isolated\u27e7"


def test_ask_answers_in_the_language_given() -> None:
    done = run(["ask", "--lang", "qps", "/liq long"])
    assert done.returncode == 0, done.stderr
    assert TRY_IN_PSEUDO in done.stdout
    english = run(["ask", "/liq long"])
    assert "\nTry: /liq long BTC 60000 25x isolated" in english.stdout and "\u27e6" not in english.stdout


def test_the_piped_console_answers_in_the_language_given() -> None:
    done = run(["console", "--lang", "qps"], "/liq long\n")
    assert done.returncode == 0, done.stderr
    assert TRY_IN_PSEUDO in done.stdout


def test_the_json_result_is_the_same_in_every_language() -> None:
    command = "/liq long BTC 60000 25x isolated"
    pseudo = json.loads(run(["ask", "--json", "--lang", "qps", command]).stdout)
    english = json.loads(run(["ask", "--json", command]).stdout)
    assert pseudo["result"] == english["result"] and pseudo["ok"] and english["ok"]


def test_a_language_riskbot_does_not_speak_is_refused() -> None:
    done = run(["ask", "--lang", "xx", "/liq long"])
    assert done.returncode == 2 and "does not speak 'xx'" in done.stderr
