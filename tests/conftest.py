"""Shared fixtures: one full build per test session, and a store loaded from it.

The build runs the real pipeline into a temporary directory, so tests never depend on (or
overwrite) ``data/build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bwgraph.config import Settings
from bwgraph.context import BuildContext
from bwgraph.records import SourceDocument
from bwgraph.sources import load_sources


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def ctx(settings: Settings) -> BuildContext:
    return BuildContext(settings)


@pytest.fixture(scope="session")
def sources(settings: Settings) -> dict[str, SourceDocument]:
    """Registered source documents by kind."""
    return {d.kind: d for d in load_sources(settings.sources_dir)}


@pytest.fixture(scope="session")
def built_trig(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """The TriG file of a full build (run once per session)."""
    from bwgraph.pipeline import build

    out = tmp_path_factory.mktemp("build") / "bwmo.trig"
    build(settings, out)
    return out


@pytest.fixture(scope="session")
def store(built_trig: Path):  # type: ignore[no-untyped-def]
    from bwgraph.store import OxigraphStore

    return OxigraphStore.from_trig(built_trig)
