"""API fuzzing: schemathesis generates requests from the OpenAPI the app publishes and sends them
over real HTTP on loopback (bounded: a fixed number of cases per operation, fixed seed). Every
check: no 5xx, every status code and content type documented and matching the schema, invalid
requests refused, valid ones accepted — except, on ``/sparql``, "a schema-valid request is
accepted": a query parameter that is any string cannot say in OpenAPI that it must be valid SPARQL
naming graphs of this dataset, and the SPARQL Protocol requires 400 for one that is not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import LiveServer

RUNS = {
    "all-but-sparql": ["--checks", "all", "--exclude-path", "/sparql"],
    "sparql": ["--checks", "all", "--exclude-checks", "positive_data_acceptance",
               "--include-path", "/sparql"],
}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_the_api_conforms_to_its_openapi(hostile_server: LiveServer, tmp_path: Path,
                                         run: str) -> None:
    st = shutil.which("st") or str(Path(sys.executable).parent / "st")
    done = subprocess.run(
        [st, "run", f"{hostile_server.url}/openapi.json", "--max-examples", "10",
         "--request-timeout", "20", "--seed", "20261201", "--no-color", *RUNS[run]],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
