"""Answer latency with and without charts, through the real adapters and the loopback fakes.

Used by benchmarks/charts.py (`--answers`). For each platform, two phases in the same run, each a
steady `rate` of `/liq` commands per second for `seconds`, every one from a new user in a DM:

- "without charts": every command is text only;
- "with charts": every other command asks for a chart (`chart`), drawn by the production
  `ChartRenderer` (one worker process, 8 pending at most, 1 s deadline).

Latency is from the fake sending the command (Telegram: queueing the update; Discord: sending
INTERACTION_CREATE) to the fake receiving the complete answer: the message, or for a chart the
photo / the message carrying the image (on Discord a slow one is deferred first, then edited; the
edit is the answer). The question it answers: do text answers slow down while charts are drawn,
and how long does a chart answer take. The fakes share the bot's event loop, so their own work is
counted against the bot (pessimistic), and Telegram's pacing is off (we measure the code, not
Telegram's 30 messages a second), as in telegram_bench.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field

os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.charts.executor import ChartRenderer  # noqa: E402
from bot.discord.adapter import DiscordAdapter  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.adapter import TelegramAdapter  # noqa: E402
from commands.context import Context  # noqa: E402
from tests.discord.fake_discord import FakeDiscord  # noqa: E402
from tests.telegram.fake_bot_api import FakeBotApi  # noqa: E402

TOKEN = "123456789:BENCHtoken-abcdefghijklmnopqrstuvwx"
LIQ = "/liq long BTC {price} 25x sl={stop}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


@dataclass
class Phase:
    text_ms: list[float] = field(default_factory=list)
    chart_ms: list[float] = field(default_factory=list)
    skipped: int = 0


async def paced(began: float, n: int, rate: float) -> None:
    await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))


# -- Telegram ----------------------------------------------------------------------------------

async def telegram_phase(fake: FakeBotApi, rate: float, seconds: float, first_user: int, charts: bool) -> Phase:
    count = round(rate * seconds)
    pushed: dict[int, tuple[float, bool]] = {}
    began = time.perf_counter()
    for n in range(count):
        await paced(began, n, rate)
        user, chart = first_user + n, charts and n % 2 == 1
        pushed[user] = (time.perf_counter(), chart)
        fake.message(LIQ.format(price=60_000 + n, stop=58_000) + (" chart" if chart else ""), user_id=user)

    def answered() -> dict[int, float]:
        return {int(c.params["chat_id"]): c.at for c in fake.calls
                if c.method in ("sendMessage", "sendPhoto") and c.status == 200 and int(c.params["chat_id"]) in pushed}

    await fake.wait_until(lambda: len(answered()) >= count, timeout=60 + seconds)
    phase = Phase()
    photos = {int(c.params["chat_id"]) for c in fake.calls if c.method == "sendPhoto" and c.status == 200}
    for user, at in answered().items():
        sent, chart = pushed[user]
        (phase.chart_ms if chart else phase.text_ms).append((at - sent) * 1000)
        phase.skipped += chart and user not in photos
    return phase


async def telegram(rate: float, seconds: float) -> dict[str, Phase]:
    from telegram.ext import AIORateLimiter

    fake = FakeBotApi(TOKEN)
    await fake.start()
    settings = Settings(_env_file=None, telegram_token=TOKEN, telegram_api_base_url=fake.base_url)
    renderer = ChartRenderer()
    await renderer.start()
    adapter = TelegramAdapter(settings, Context(), charts=renderer, concurrent_updates=16,
                              rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3))
    await adapter.start()
    try:
        await telegram_phase(fake, rate, 1, 1, charts=True)            # warm-up: connections, caches
        return {"without charts": await telegram_phase(fake, rate, seconds, 100_000, charts=False),
                "with charts": await telegram_phase(fake, rate, seconds, 200_000, charts=True)}
    finally:
        await adapter.stop()
        await renderer.close()
        await fake.stop()


# -- Discord -----------------------------------------------------------------------------------

async def discord_phase(fake: FakeDiscord, rate: float, seconds: float, first_user: int, charts: bool) -> Phase:
    count = round(rate * seconds)
    began = time.perf_counter()

    async def one(n: int) -> tuple[str, bool]:
        await paced(began, n, rate)
        chart = charts and n % 2 == 1
        options = dict(side="long", symbol="BTC", price=60_000 + n, leverage=25, sl=58_000)
        return await fake.command("liq", user_id=str(first_user + n), guild=False,
                                  **({"chart": "yes"} if chart else {}), **options), chart

    asked = await asyncio.gather(*(one(n) for n in range(count)))

    def complete(interaction_id: str) -> float | None:
        """When the answer was whole: the first message with an embed (a defer has none)."""
        for sent in fake.sent(interaction_id):
            if (sent.message or {}).get("embeds"):
                return sent.at
        return None

    await asyncio.wait_for(_until(lambda: all(complete(i) is not None for i, _ in asked)), 60 + seconds)
    phase = Phase()
    for interaction_id, chart in asked:
        ms = (complete(interaction_id) - fake.interactions[interaction_id].dispatched_at) * 1000  # type: ignore[operator]
        (phase.chart_ms if chart else phase.text_ms).append(ms)
        phase.skipped += chart and not any(s.files for s in fake.sent(interaction_id))
    return phase


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.01)


async def discord(rate: float, seconds: float) -> dict[str, Phase]:
    fake = await FakeDiscord().start()
    settings = Settings(_env_file=None, discord_token=fake.token, discord_api_base_url=fake.api_base,
                        discord_gateway_url=fake.gateway_url)
    renderer = ChartRenderer()
    await renderer.start()
    adapter = DiscordAdapter(settings, Context(), charts=renderer, guild_ready_timeout=0.01)
    await adapter.start()
    try:
        await discord_phase(fake, rate, 1, 1_000, charts=True)
        return {"without charts": await discord_phase(fake, rate, seconds, 100_000, charts=False),
                "with charts": await discord_phase(fake, rate, seconds, 200_000, charts=True)}
    finally:
        await adapter.stop()
        await renderer.close()
        assert not fake.problems, fake.problems
        await fake.close()


async def answers(rate: float, seconds: float) -> None:
    logging.basicConfig(level=logging.ERROR)
    print(f"\nanswer latency, {rate:.0f} /liq per second for {seconds:.0f} s per phase, every other one with "
          "a chart in the second phase (fakes in the bot's loop; ms):")
    for name, run in (("Telegram", telegram), ("Discord", discord)):
        phases = await run(rate, seconds)
        for label, phase in phases.items():
            line = (f"  {name:<8} {label:<15} text answers p50 {percentile(phase.text_ms, .5):6.1f}  "
                    f"p99 {percentile(phase.text_ms, .99):6.1f}")
            if phase.chart_ms:
                line += (f" | chart answers p50 {percentile(phase.chart_ms, .5):6.1f}  "
                         f"p99 {percentile(phase.chart_ms, .99):6.1f}  skipped {phase.skipped}")
            print(line)
        without, with_ = phases["without charts"], phases["with charts"]
        print(f"  {name} text answer p99 without charts {percentile(without.text_ms, .99):.1f} ms, "
              f"with charts {percentile(with_.text_ms, .99):.1f} ms, chart answer p99 "
              f"{percentile(with_.chart_ms, .99):.1f} ms")
