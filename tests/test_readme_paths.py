"""Every `benchmarks/…` or `tests/…` file the README and docs name exists (a reader runs them)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PATH = re.compile(r"\b((?:benchmarks|tests|bot|commands|core|docs)/[\w./-]+\.(?:py|md|json))\b")


def test_named_files_exist():
    named = {(doc.name, path) for doc in DOCS for path in PATH.findall(doc.read_text("utf-8"))}
    assert named, "the pattern finds the README's file names"
    missing = sorted((doc, path) for doc, path in named if not (ROOT / path).exists())
    assert not missing, missing
