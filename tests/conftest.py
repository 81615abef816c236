"""Shared fixtures.  Tests that read ../shared/corpus skip with a clear reason where it is absent."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Never the user's own data folder (stored holiday notices, the platform's database): one per test run.
os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-test-"))

# No per-example time limit: these machines are noisy (speed is measured in bench/, never in a test).
# In CI (CI=true) the examples are derived from each test, the same on every run: a landing is decided by the
# code, not by the draw; on developers' machines they are drawn afresh each run (and kept in .hypothesis when one
# fails), which is where new classes of input are found — fix the class, add a fixture, and CI has it from then on.
settings.register_profile("gongkai", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("gongkai")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GONGKAI_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_file(relative: str) -> Path:
    """The path of a corpus document, or skip the test when ../shared is not checked out."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"共享语料 {path} 不存在（用户的新克隆没有 ../shared；CI 中总是有）")
    return path


@pytest.fixture
def corpus():
    return corpus_file
