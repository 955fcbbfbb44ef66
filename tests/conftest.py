"""Shared fixtures: analysers (built once per session) and the real corpus beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MINI_TAXONOMY = DATA / "mini_taxonomy.toml"
SAMPLES = ROOT / "sample_jds"
# The real postings and CVs live in ../shared/corpus beside the project (see its SOURCES.md);
# every developer machine and CI have it. Tests that need it skip with this reason elsewhere.
CORPUS = ROOT.parent / "shared" / "corpus"
NO_CORPUS = f"the real corpus is not at {CORPUS} (it sits beside the project on developer machines and CI)"


@pytest.fixture(scope="session")
def mini():
    """An Analyser on the tiny hand-made taxonomy of tests/data/mini_taxonomy.toml."""
    from analyser import Analyser

    return Analyser(MINI_TAXONOMY)


@pytest.fixture(scope="session")
def bundled():
    """An Analyser on the bundled ML-engineer taxonomy."""
    from analyser import Analyser

    return Analyser()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real corpus folder; skips the test when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return CORPUS
