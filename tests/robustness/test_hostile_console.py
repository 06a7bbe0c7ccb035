"""The whole §6.1 catalogue through the console's machine interface (`riskbot ask --json -`).

tests/commands/test_grammar.py checks that the parser names each problem; this suite checks what
a user of the whole program gets for the same inputs: one answer per line, never a traceback or an
internal error, a short usage reply for every rejected input, no non-finite number and no raw
control character in any answer, and the very same answer for the variants that only change
separators, case or invisible characters.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from bot.console.adapter import ask
from tests.robustness.catalogue import CASES, PLAIN, Case

ROOT = Path(__file__).resolve().parents[2]
BRIEF = 240  # characters: a usage reply is the problem in one sentence plus "Try: <example>"

# Error messages quote the user's token as typed; these rows show that the quote is not yet
# sanitised (commands/grammar.py read_symbol echoes token[:24] raw). Reported to the lead.
def _answers(lines: list[str]) -> list[dict]:
    out = io.StringIO()
    ask("-", as_json=True, stdin=io.StringIO("".join(line + "\n" for line in lines)), out=out)
    return [json.loads(line, parse_constant=_refuse_constant) for line in out.getvalue().splitlines()]


def _refuse_constant(name: str) -> float:
    raise AssertionError(f"non-finite number {name} in a JSON answer")


def _numbers(value: object) -> list[float]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, float) else []


def _unsafe_characters(text: str) -> list[str]:
    """Characters that must never reach a terminal, a log or a chat: controls other than newline,
    lone surrogates (unencodable as UTF-8) and bidi overrides (visual spoofing)."""
    return [ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs")
            or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]


@pytest.fixture(scope="module")
def answers() -> dict[Case, dict]:
    """Every catalogue row in one `ask -` session, as a script would send them."""
    replies = _answers([case.text for case in CASES] + [PLAIN])
    assert len(replies) == len(CASES) + 1, "every line gets exactly one answer, in order"
    return dict(zip((*CASES, Case("plain", PLAIN, "accept")), replies))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_input_gets_the_documented_kind_of_answer(answers: dict[Case, dict], case: Case) -> None:
    answer = answers[case]
    plain = next(a for c, a in answers.items() if c.id == "plain")
    assert "Traceback" not in answer["text"]
    if case.expect == "reject":
        assert answer["ok"] is False and answer["error"]["code"] == "usage", (case.text, answer)
        assert answer["result"] == {}
        assert len(answer["text"]) <= BRIEF and "Try: /" in answer["text"], answer["text"]
    else:
        assert answer["ok"] is True and answer["error"] is None, (case.text, answer)
        assert all(math.isfinite(n) for n in _numbers(answer["result"]))
        for word in ("NaN", "Infinity", "inf%", "nan%"):
            assert word not in answer["text"]
    if case.expect == "same":
        assert (answer["result"], answer["text"]) == (plain["result"], plain["text"])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_no_answer_carries_control_surrogate_or_bidi_characters(answers: dict[Case, dict], case: Case) -> None:
    answer = answers[case]
    assert _unsafe_characters(answer["text"]) == []
    assert _unsafe_characters(json.dumps(answer["result"], ensure_ascii=False)) == []


def test_the_real_entry_point_answers_every_line_once() -> None:
    """`riskbot ask --json -` as a process: one JSON line per input line, exit status 0.
    B51 (a lone surrogate) cannot be written as UTF-8 text, so it is left out here."""
    cases = [case for case in CASES if case.id != "B51"]
    text = "".join(case.text.replace("\r", "") + "\n" for case in cases)
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")} | {"PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "bot.main", "ask", "--json", "-"], input=text.encode("utf-8"),
                          capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(cases)
    for case, line in zip(cases, lines):
        answer = json.loads(line, parse_constant=_refuse_constant)
        assert answer["ok"] is (case.expect != "reject"), (case.id, case.text, answer)
    assert b"Traceback" not in done.stderr
