"""Settings as an operator meets them: `.env.example` copied as shipped, and blank lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
NAMES = [line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text("utf-8").splitlines()
         if "=" in line and not line.startswith("#")]


@pytest.fixture
def clean_env(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_env_example_as_shipped_loads(tmp_path, clean_env):
    """README: `cp .env.example .env`. Every blank line in it must mean "unset", not fail start-up."""
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    settings = Settings(_env_file=tmp_path / ".env")
    assert settings.discord_guild_id is None
    assert settings.discord_token is None and settings.telegram_token is None
    assert settings.discord_api_base_url is None and settings.telegram_webhook_url is None


@pytest.mark.parametrize("name", NAMES)
def test_every_setting_blank_in_the_environment_means_unset(name, clean_env, monkeypatch):
    defaults = Settings(_env_file=None)
    monkeypatch.setenv(name, "  ")
    assert Settings(_env_file=None) == defaults


def test_a_value_still_counts(clean_env, monkeypatch):
    monkeypatch.setenv("DISCORD_GUILD_ID", "123456789012345678")
    assert Settings(_env_file=None).discord_guild_id == 123456789012345678
