"""``python -m bwgraph.normalise FILE [OUT]``: the normalised text of a document, with its sha256.

What ``bwgraph ingest`` stores in ``data/sources/normalised/``; use it to look at what the
extractors read, or to refresh a stored text deliberately (evidence line numbers point into it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from bwgraph.normalise import NormaliseError, normalise_file


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: python -m bwgraph.normalise FILE [OUT]", file=sys.stderr)
        return 2
    try:
        n = normalise_file(Path(argv[0]))
    except NormaliseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if len(argv) == 2:
        Path(argv[1]).write_text(n.text(), encoding="utf-8")
    else:
        sys.stdout.write(n.text())
    print(
        f"{n.media_type}, {n.encoding}, {len(n.lines)} lines; original sha256 "
        f"{n.original_sha256}; text sha256 {n.text_sha256}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
