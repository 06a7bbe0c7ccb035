"""docker-compose.yml cannot silently rot either. `docker compose config` needs the compose plugin,
which this machine lacks (`docker compose` is an unknown command here), so the file is parsed and
its promises checked: PostgreSQL with a volume and a health check, two riskbot replicas that wait
for it and are health-checked, Discord shards split between them, secrets only from .env, every
variable the replicas are given a setting riskbot knows."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
SERVICES = COMPOSE["services"]
REPLICAS = [name for name, service in SERVICES.items() if service.get("image") == "riskbot"]


def test_postgresql_keeps_its_data_in_a_volume_and_is_health_checked() -> None:
    postgres = SERVICES["postgres"]
    assert postgres["image"].startswith("postgres:15")
    assert any(v.split(":")[0] in COMPOSE["volumes"] for v in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_two_replicas_wait_for_the_database_and_are_health_checked() -> None:
    assert len(REPLICAS) == 2
    for name in REPLICAS:
        service = SERVICES[name]
        assert service["build"] == "." and service["env_file"] == ".env"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["healthcheck"]["test"] == ["CMD", "riskbot", "health"]
        env = service["environment"]
        assert env["RISKBOT_DB"] == "postgresql://riskbot@postgres:5432/riskbot"   # no password in the URL
        assert env["PGPASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
        assert env["RISKBOT_HEARTBEAT"].startswith("/data/")   # the image's only writable folder
    shards = sorted(SERVICES[n]["environment"]["DISCORD_SHARD_IDS"] for n in REPLICAS)
    assert shards == ["0", "1"] and {SERVICES[n]["environment"]["DISCORD_SHARD_COUNT"] for n in REPLICAS} == {"2"}


def test_the_settings_given_are_ones_riskbot_reads_and_valid() -> None:
    known = {name.upper() for name in Settings.model_fields} | {"PGPASSWORD"}   # PGPASSWORD: read by asyncpg
    for name in REPLICAS:
        env = {k: v for k, v in SERVICES[name]["environment"].items() if k != "PGPASSWORD"}
        assert set(env) <= known, set(env) - known
        settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})
        assert settings.discord_shards() in ([0], [1])


def test_no_secret_is_written_in_the_file() -> None:
    text = (ROOT / "docker-compose.yml").read_text("utf-8")
    for secret in ("TELEGRAM_TOKEN", "DISCORD_TOKEN", "TELEGRAM_WEBHOOK_SECRET"):
        assert not re.search(rf"^\s*{secret}\s*[:=]", text, re.M), secret
    assert re.findall(r"POSTGRES_PASSWORD[^}]*}", text) and "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?" in text
    assert "POSTGRES_PASSWORD=" in (ROOT / ".env.example").read_text("utf-8")


def test_the_webhook_proxy_spreads_over_both_replicas() -> None:
    command = " ".join(SERVICES["webhook-proxy"]["command"])
    assert all(f"--to {name}:8443" in command for name in REPLICAS)
    assert all(SERVICES[n]["environment"]["TELEGRAM_WEBHOOK_LISTEN"] == "0.0.0.0" for n in REPLICAS)
