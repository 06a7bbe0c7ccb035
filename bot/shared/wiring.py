"""What each process must share with the others when they run over PostgreSQL, handed to the
adapters by the composition root (bot/main.py). Over SQLite (one process) it hands nothing, and
every adapter keeps its in-memory cooldown, button book and nudge gate."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from commands.context import Context


def shared_database(context: Context) -> Any:
    """The PostgreSQL database under the context's stores, or None (SQLite, or no database)."""
    database = getattr(context.store, "database", None)
    return database if getattr(database, "backend", None) == "postgresql" else None


def with_shared_nudges(context: Context) -> Context:
    database = shared_database(context)
    if database is None:
        return context
    from bot.shared.nudges import SharedNudgeGate

    return replace(context, nudges=SharedNudgeGate(database))


def adapter_options(context: Context, platform: str) -> dict[str, Any]:
    """Keyword arguments for a platform adapter: the shared cooldown and button book, and for
    Telegram the update log and the global send budget."""
    database = shared_database(context)
    if database is None:
        return {}
    from bot.shared.buttons import SharedButtonBook
    from bot.shared.cooldown import SharedCooldown

    options: dict[str, Any] = {"cooldown": SharedCooldown(database)}
    if platform == "telegram":
        from telegram.ext import AIORateLimiter

        from bot.shared.send_budget import BudgetedRateLimiter, SharedSendBudget
        from bot.shared.updates import SharedUpdateLog

        options.update(buttons=SharedButtonBook(database), first_time=SharedUpdateLog(database).first_time,
                       rate_limiter=BudgetedRateLimiter(SharedSendBudget(database), AIORateLimiter(max_retries=3)))
    else:
        from bot.discord.buttons import TOKEN_PREFIX

        options["buttons"] = SharedButtonBook(database, prefix=TOKEN_PREFIX)
    return options


def shard_options(settings: Any) -> dict[str, Any]:
    """Keyword arguments for the Discord adapter's client when DISCORD_SHARD_COUNT is set: discord.py's
    AutoShardedClient runs this process's shards; only the process holding shard 0 syncs commands."""
    shards = settings.discord_shards()
    if shards is None:
        return {}
    return {"shard_count": settings.discord_shard_count, "shard_ids": shards, "sync_commands": 0 in shards}
