"""Atomic file replacement: a reader sees the old file or the new one, never half of either.

The new content goes to a temporary file in the same directory (same file system), is flushed and
fsynced, and then ``os.replace``d over the target, which POSIX makes atomic. A build killed at any
moment therefore leaves the previous output intact; stale temporaries are swept by the next run.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TMP_PREFIX = ".bwgraph-tmp-"


def write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=target.suffix, dir=target.parent)
    try:
        # mkstemp creates 0600; a published graph is readable like any file the user writes
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def sweep_stale(directory: Path) -> int:
    """Remove temporaries left by a killed process; returns how many were removed."""
    n = 0
    if directory.is_dir():
        for p in directory.glob(f"{TMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                n += 1
    return n
