"""Two real `riskbot run` processes over one PostgreSQL schema, Telegram in webhook mode behind a
loopback proxy that alternates between them (tests/shared/processes.py): both answer; a save through
one is listed through the other; a button issued by one is pressed through the other; an update
delivered to both is answered once. Both processes start at the same moment, so they also race to
migrate the fresh schema (the advisory lock makes that once)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.shared.processes import SECRET, Proxy, Riskbot, WebhookFake, free_port, post, telegram_env
from tests.support import postgres

pytestmark = pytest.mark.skipif(not postgres.enabled(), reason=f"{postgres.ENV}=off")
USER = 42


@dataclass
class Cluster:
    fake: WebhookFake
    proxy: Proxy
    bots: list[Riskbot]
    session: aiohttp.ClientSession

    async def deliver(self, update: dict, via: int | None = None) -> int:
        """POST one update as Telegram would: to the proxy, or straight to process `via`."""
        port = self.proxy.port if via is None else self.proxy.ports[via]
        return await post(self.session, port, "/telegram", json.dumps(update).encode(),
                          {"X-Telegram-Bot-Api-Secret-Token": SECRET})

    async def say(self, text: str, via: int | None = None, user: int = USER) -> dict:
        self.fake.message(text, user_id=user)
        update = self.fake.outbox.pop()
        assert await self.deliver(update, via) == 200
        return update

    async def answers(self, count: int, user: int = USER) -> list[dict]:
        try:
            await self.fake.wait_until(lambda: len(self.fake.sent_to(user)) >= count, timeout=15)
        except TimeoutError:
            raise AssertionError([(c.method, c.status) for c in self.fake.calls][-20:]) from None
        return self.fake.sent_to(user)


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    async with postgres.fresh_schema() as url:
        fake = WebhookFake()
        await fake.start()
        proxy = Proxy([free_port(), free_port()])
        await proxy.start()
        public = f"http://127.0.0.1:{proxy.port}/telegram"
        bots = [Riskbot(f"p{i}", telegram_env(fake, url, port, public), tmp_path)
                for i, port in enumerate(proxy.ports)]
        session = aiohttp.ClientSession()
        try:
            for bot in bots:
                await bot.wait_for_line("riskbot running on")
            yield Cluster(fake, proxy, bots, session)
        finally:
            await session.close()
            for bot in bots:
                bot.stop()
            await proxy.stop()
            await fake.stop()


async def test_two_processes_share_one_store(cluster: Cluster) -> None:
    # Answers from both: the proxy alternates, every delivery is answered.
    for _ in range(4):
        await cluster.say("/liq long BTC 60000 25x isolated")
    answered = await cluster.answers(4)
    assert all("Liquidation" in m["text"] for m in answered)
    assert sorted(i for i, _ in cluster.proxy.routed) == [0, 0, 1, 1]
    assert {status for _, status in cluster.proxy.routed} == {200}

    # A save through one process is listed through the other.
    saver = USER + 1
    await cluster.say("/optin", via=0, user=saver)
    await cluster.answers(1, saver)              # a person waits for the answer before the next command
    await cluster.say("/save long BTC 60000 25x qty=0.5 label=swing", via=0, user=saver)
    await cluster.answers(2, saver)
    await cluster.say("/positions", via=1, user=saver)
    replies = await cluster.answers(3, saver)
    assert "swing" in replies[-1]["text"] and "BTC" in replies[-1]["text"], [r["text"] for r in replies]

    # A button issued by one process is pressed through the other.
    await cluster.say("/forget", via=0, user=saver)
    question = (await cluster.answers(4, saver))[-1]
    assert cluster.fake.keyboard(question) == ["Yes, erase everything"]
    cluster.fake.press(question, user_id=saver)
    press = cluster.fake.outbox.pop()
    assert await cluster.deliver(press, via=1) == 200
    assert "Forgotten" in (await cluster.answers(5, saver))[-1]["text"]

    # An update delivered to both processes (Telegram retrying through the proxy) is answered once.
    twice = USER + 2
    update = await cluster.say("/liq short ETH 3000 10x", via=0, user=twice)
    assert await cluster.deliver(update, via=1) == 200
    await cluster.answers(1, twice)
    await asyncio.sleep(0.5)   # room for a second answer, were one coming
    assert len(cluster.fake.sent_to(twice)) == 1


async def test_a_flood_through_both_processes_is_slowed_as_by_one(cluster: Cluster) -> None:
    """The per-user cooldown is shared: 5 commands in 10 s, then one "slow down", then silence,
    although the proxy spread the 8 commands over both processes."""
    for _ in range(8):
        await cluster.say("/liq long BTC 60000 25x isolated")
    answered = await cluster.answers(6)
    await asyncio.sleep(0.5)
    texts = [m["text"] for m in cluster.fake.sent_to(USER)]
    assert len(texts) == 6 and sum("Slow down" in t for t in texts) == 1
    assert sorted(i for i, _ in cluster.proxy.routed) == [0] * 4 + [1] * 4
    for bot in cluster.bots:
        assert "Traceback" not in bot.text() and "123456789:TEST" not in bot.text()


async def test_two_processes_answering_a_burst_stay_within_the_global_send_budget(cluster: Cluster) -> None:
    """45 users ask at once, the proxy splits them over both processes: all 45 are answered, and the
    fake never sees more than 30 messages in any one second from the two together."""
    users = [7000 + i for i in range(45)]
    await asyncio.gather(*(cluster.say("/liq long BTC 60000 25x isolated", user=u) for u in users))
    await cluster.fake.wait_until(lambda: all(cluster.fake.sent_to(u) for u in users), timeout=20)
    times = sorted(call.at for call in cluster.fake.delivered if int(call.params["chat_id"]) in users)
    assert len(times) == 45
    busiest = max(sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times))
    assert busiest <= 30, busiest
    assert times[-1] - times[0] >= 44 / 30   # without the shared budget two processes would go twice as fast
    assert {i for i, _ in cluster.proxy.routed} == {0, 1}
