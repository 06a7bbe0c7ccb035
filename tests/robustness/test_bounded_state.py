"""Reliability catalogue F18 and F20: the per-user and per-group tables a long-running bot keeps
stay bounded however many people write to it, and the limits run on a monotonic clock, so a
wall-clock step (NTP) can neither lock anyone out nor wave a flood through."""

from __future__ import annotations

import time

from bot.button_book import ButtonBook
from bot.cooldown import Cooldown, Verdict
from commands.groups.nudge import NudgeGate


def test_ten_thousand_users_do_not_grow_the_cooldown_table_without_bound() -> None:
    cooldown = Cooldown(max_users=10_000)
    for user in range(25_000):
        assert cooldown.check(f"telegram:{user}") is Verdict.ALLOW
    assert len(cooldown) == 10_000
    for _ in range(4):                                   # the newest users are the ones still known
        assert cooldown.check("telegram:24999") is Verdict.ALLOW
    assert cooldown.check("telegram:24999") is Verdict.WARN


def test_buttons_for_ten_thousand_users_stay_bounded() -> None:
    book = ButtonBook(max_kept=1_000)
    tokens = [book.issue(f"telegram:{user}", "/positions") for user in range(10_000)]
    assert len(book) == 1_000
    assert book.redeem(tokens[-1], "telegram:9999").command == "/positions"


def test_the_limits_count_monotonic_time() -> None:
    assert Cooldown().clock is time.monotonic
    assert NudgeGate().clock is time.monotonic
    assert ButtonBook().clock is time.monotonic
