"""Near-liquidation alerts end to end through the real Telegram adapter (the Discord twin is test_alerts_discord_e2e.py): a user opts in, saves a position
and turns alerts on by typing commands into the real python-telegram-bot / discord.py code talking to
the platform fakes on loopback; the fake venue's mark moves toward liquidation; the alert job
(driven by `tick()`) sends exactly one DM through the adapter's Messenger; no repeat within the
window; none after `/alerts off`. The position store, alert store and price feed are the real ones
on a SQLite file and a fake venue endpoint."""

from __future__ import annotations

from bot.jobs.alerts import AlertJob
from tests.telegram.conftest import _ptb_timedelta, fake, start_bot  # noqa: F401  (fixtures)

USER = 42
SAVE = "/save long BTC 60000 25x qty=0.1"


def job_for(world, messengers) -> AlertJob:
    return AlertJob(world.alerts, world.positions, world.feed, messengers, world.context, clock=world.clock)


async def test_telegram_one_dm_no_repeat_none_after_off(world, fake, start_bot) -> None:
    adapter = await start_bot(context=world.context)
    for count, text in enumerate(("/optin", SAVE, "/alerts on"), start=1):
        fake.message(text, user_id=USER)
        await fake.wait_for_sent(count)
    assert "Alerts: on" in fake.sent_to(USER)[-1]["text"]
    job = job_for(world, {"telegram": adapter})

    def alerts() -> list[dict]:
        return [m for m in fake.sent_to(USER) if "Near liquidation" in m["text"]]

    world.mark("59500")
    assert (await job.tick()).sent == 0
    world.mark("58000")
    assert (await job.tick()).sent == 0   # one tick at the trigger is not enough: two in a row
    assert (await job.tick()).sent == 1
    [alert] = alerts()
    assert "58,000.00" in alert["text"] and "57,831.33" in alert["text"]
    world.clock.advance(minutes=30)
    await job.tick()
    assert len(alerts()) == 1

    fake.message("/alerts off", user_id=USER)
    await fake.wait_for_sent(5)
    world.mark("59000")   # away and back, long after the window: it would alert if still on
    world.clock.advance(hours=7)
    await job.tick()
    world.mark("57900")
    await job.tick()
    await job.tick()
    assert len(alerts()) == 1
