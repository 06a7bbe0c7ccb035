"""Near-liquidation alerts end to end through the real Discord adapter (the Telegram twin is test_alerts_telegram_e2e.py): a user opts in, saves a position
and turns alerts on by typing commands into the real python-telegram-bot / discord.py code talking to
the platform fakes on loopback; the fake venue's mark moves toward liquidation; the alert job
(driven by `tick()`) sends exactly one DM through the adapter's Messenger; no repeat within the
window; none after `/alerts off`. The position store, alert store and price feed are the real ones
on a SQLite file and a fake venue endpoint."""

from __future__ import annotations

from bot.jobs.alerts import AlertJob
from tests.discord.conftest import embed_text, fake, make_adapter, restore_discord_urls  # noqa: F401  (fixtures)

DISCORD_USER = "200000000000000042"


def job_for(world, messengers) -> AlertJob:
    return AlertJob(world.alerts, world.positions, world.feed, messengers, world.context, clock=world.clock)


async def test_discord_one_dm_no_repeat_none_after_off(world, fake, make_adapter) -> None:
    adapter = await make_adapter(context=world.context)
    for name, options in (("optin", {}), ("save", dict(side="long", symbol="BTC", price=60000, leverage=25, qty=0.1)),
                          ("alerts", dict(switch="on"))):
        interaction = await fake.command(name, user_id=DISCORD_USER, **options)
        await fake.answer(interaction)
    job = job_for(world, {"discord": adapter})

    def alerts() -> list[str]:
        dm = fake.dm_channels.get(DISCORD_USER)
        return [text for p in fake.posted if p.channel_id == dm
                and "Near liquidation" in (text := embed_text(p.payload))]

    world.mark("59500")
    assert (await job.tick()).sent == 0
    world.mark("58000")
    assert (await job.tick()).sent == 0   # one tick at the trigger is not enough: two in a row
    assert (await job.tick()).sent == 1
    [alert] = alerts()
    assert "58,000.00" in alert and "57,831.33" in alert
    world.clock.advance(minutes=30)
    await job.tick()
    assert len(alerts()) == 1

    await fake.answer(await fake.command("alerts", user_id=DISCORD_USER, switch="off"))
    world.mark("59000")
    world.clock.advance(hours=7)
    await job.tick()
    world.mark("57900")
    await job.tick()
    await job.tick()
    assert len(alerts()) == 1
    assert all(not p.payload.get("allowed_mentions", {}).get("parse") for p in fake.posted)
