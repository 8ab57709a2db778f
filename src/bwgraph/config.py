"""Paths and settings, resolved once.

The base IRI is configurable (``BWGRAPH_BASE`` or ``--base``) because a deployment may publish the
graph under its own domain; the default is the project's persistent ``w3id.org`` namespace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BASE = "https://w3id.org/bwmo/"


def project_root() -> Path:
    """The repository root: where ``data/``, ``ontology/``, ``shapes/`` and ``queries/`` live.

    ``BWGRAPH_HOME`` overrides it (an installed package has no repository around it).
    """
    env = os.environ.get("BWGRAPH_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """Everything a build or a server needs to know about where things are."""

    base: str = field(default_factory=lambda: os.environ.get("BWGRAPH_BASE", DEFAULT_BASE))
    root: Path = field(default_factory=project_root)

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"base IRI must end with '/': {self.base!r}")

    @property
    def sources_dir(self) -> Path:
        return self.root / "data" / "sources"

    @property
    def reference_dir(self) -> Path:
        return self.root / "data" / "reference"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def build_dir(self) -> Path:
        return self.root / "data" / "build"

    @property
    def default_output(self) -> Path:
        return self.build_dir / "bwmo.trig"
