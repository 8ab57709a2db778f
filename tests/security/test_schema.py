"""API fuzzing: schemathesis generates requests from the OpenAPI the app publishes and sends them
over real HTTP on loopback (bounded: 15 cases per operation, fixed seed). No request may get a
5xx. (Conformance of every status code and content type to the schema is tracked in issue 9.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import LiveServer


def test_no_request_the_schema_allows_gets_a_server_error(hostile_server: LiveServer,
                                                          tmp_path: Path) -> None:
    st = shutil.which("st") or str(Path(sys.executable).parent / "st")
    run = subprocess.run(
        [st, "run", f"{hostile_server.url}/openapi.json", "--max-examples", "15",
         "--checks", "not_a_server_error", "--request-timeout", "20", "--seed", "20261201",
         "--no-color"],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
