"""Configuration, read once at the composition root from the environment and `.env`.

Tokens are `SecretStr`: they print as asterisks, and `hide_input_in_errors` keeps a validation
error from echoing a raw token. Every variable is listed in `.env.example`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.prices.venues import DEFAULT_BASE_URLS

VENUES = ("binance", "bybit", "okx", "hyperliquid", "bitmex", "bitget", "gate", "mexc", "blofin")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True,
        case_sensitive=False,
    )

    discord_token: SecretStr | None = None
    discord_guild_id: int | None = None
    discord_api_base_url: str | None = None
    discord_gateway_url: str | None = None
    # Sharding across processes (docs/scaling.md): DISCORD_SHARD_COUNT=4 in every process,
    # DISCORD_SHARD_IDS=0,1 in one and 2,3 in another. The process with shard 0 syncs the commands.
    discord_shard_count: int | None = Field(default=None, ge=1, le=10_000)
    discord_shard_ids: str | None = None

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
    bitget_base_url: str = DEFAULT_BASE_URLS["bitget"]
    gate_base_url: str = DEFAULT_BASE_URLS["gate"]
    mexc_base_url: str = DEFAULT_BASE_URLS["mexc"]
    blofin_base_url: str = DEFAULT_BASE_URLS["blofin"]
    # Tier tables: the public brackets endpoint of Binance's web pages, or the signed, documented
    # one when a read-only key is given (both secrets); how often every venue's tables are refreshed.
    binance_web_base_url: str = "https://www.binance.com"
    binance_api_key: SecretStr | None = None
    binance_api_secret: SecretStr | None = None
    markets_refresh_hours: float = Field(default=12.0, ge=0.5, le=720)
    alert_poll_seconds: float = Field(default=30.0, ge=5, le=3600)
    alert_repeat_hours: float = Field(default=6.0, ge=0.25, le=168)

    def discord_shards(self) -> list[int] | None:
        """This process's shard ids (all of them when only the count is set); None: not sharded."""
        if self.discord_shard_count is None:
            return None
        if not self.discord_shard_ids:
            return list(range(self.discord_shard_count))
        return [int(part) for part in self.discord_shard_ids.split(",")]

    @model_validator(mode="after")
    def _shards_fit(self) -> "Settings":
        if self.discord_shard_ids and self.discord_shard_count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total over all processes)")
        if self.discord_shard_ids:
            parts = [p.strip() for p in self.discord_shard_ids.split(",")]
            if not all(p.isdigit() and int(p) < self.discord_shard_count for p in parts) or len(set(parts)) < len(parts):
                raise ValueError(f"DISCORD_SHARD_IDS must be distinct numbers from 0 to {self.discord_shard_count - 1}, "
                                 "separated by commas (e.g. 0,1)")
            self.discord_shard_ids = ",".join(str(int(p)) for p in parts)
        return self

    def price_base_urls(self) -> dict[str, str]:
        return {host: getattr(self, f"{host}_base_url") for host in DEFAULT_BASE_URLS}

    def market_base_urls(self) -> dict[str, str]:
        return {**self.price_base_urls(), "binance_web": self.binance_web_base_url}

    def binance_credentials(self) -> dict[str, str]:
        if self.binance_api_key is None or self.binance_api_secret is None:
            return {}
        return {"api_key": self.binance_api_key.get_secret_value(),
                "api_secret": self.binance_api_secret.get_secret_value()}

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, values: object) -> object:
        """`NAME=` (as `.env.example` ships every line) means unset for every setting: the default
        applies, rather than "" failing as an integer or a URL."""
        if not isinstance(values, dict):
            return values
        return {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}

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


class ConfigurationError(Exception):
    """A setting the operator has to change (a refused token, a server the bot is not in). The
    message is one line naming the setting and what to do; bot/main.py prints it and exits 2."""
