"""Seed a fuzzing corpus from real files: ``python fuzz/seed.py SRC [fuzz/corpus]``.

Each file found by deploylint's own discovery is copied with its kind byte in front, the format
fuzz_engine.py reads.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from deploylint.discovery import discover
from deploylint.kinds import Kind
from deploylint.settings import Settings

KINDS = (Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW, Kind.ACTION, Kind.DEPENDABOT)


def main() -> None:
    src = Path(sys.argv[1]).resolve()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "fuzz/corpus")
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for t in discover([src], Settings(), src).targets:
        if t.kind not in KINDS:
            continue
        data = bytes([KINDS.index(t.kind)]) + t.path.read_bytes()[:65536]
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print(f"wrote {n} seeds to {out}")


if __name__ == "__main__":
    main()
