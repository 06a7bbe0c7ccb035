"""Configuration, read once at the composition root from the environment and `.env`.

Tokens are `SecretStr`: they print as asterisks, and `hide_input_in_errors` keeps a validation
error from echoing a raw token. Every variable is listed in `.env.example`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.prices.venues import DEFAULT_BASE_URLS

VENUES = ("binance", "bybit", "okx", "hyperliquid", "bitmex")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True,
        case_sensitive=False,
    )

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None

    telegram_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_listen: str = "127.0.0.1"
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)
    telegram_webhook_secret: SecretStr | None = None

    # A path (or sqlite:///path): one process on a SQLite file. postgresql://user@host/db?schema=name:
    # the store several processes share (bot/storage/backends.py, docs/scaling.md).
    riskbot_db: str = "./data/riskbot.db"
    riskbot_heartbeat: Path | None = None   # default: next to the SQLite file, or ./data with PostgreSQL
    riskbot_default_venue: str = "binance"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    # Public market-data hosts for mark prices (no keys); point them at a proxy or a test fake.
    binance_usdm_base_url: str = DEFAULT_BASE_URLS["binance_usdm"]
    binance_coinm_base_url: str = DEFAULT_BASE_URLS["binance_coinm"]
    bybit_base_url: str = DEFAULT_BASE_URLS["bybit"]
    okx_base_url: str = DEFAULT_BASE_URLS["okx"]
    hyperliquid_base_url: str = DEFAULT_BASE_URLS["hyperliquid"]
    bitmex_base_url: str = DEFAULT_BASE_URLS["bitmex"]
    alert_poll_seconds: float = Field(default=30.0, ge=5, le=3600)
    alert_repeat_hours: float = Field(default=6.0, ge=0.25, le=168)

    def price_base_urls(self) -> dict[str, str]:
        return {host: getattr(self, f"{host}_base_url") for host in DEFAULT_BASE_URLS}

    @field_validator("discord_token", "telegram_token", "telegram_webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_token")
    @classmethod
    def _telegram_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and ":" not in value.get_secret_value():
            raise ValueError("TELEGRAM_TOKEN should look like 123456:ABC... (from BotFather)")
        return value

    @field_validator("riskbot_default_venue")
    @classmethod
    def _known_venue(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in VENUES:
            raise ValueError(f"RISKBOT_DEFAULT_VENUE must be one of {', '.join(VENUES)}")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value
