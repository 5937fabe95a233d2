from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from deploylint.kinds import PARSER_MODULE, Kind


@pytest.fixture
def fake_kind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Route Dockerfiles to tests.hostile.fakes (in workers too: the engine ships its parser table)."""
    monkeypatch.setitem(PARSER_MODULE, Kind.DOCKERFILE, "tests.hostile.fakes")
    yield


@dataclass
class Usage:
    seconds: float = 0.0
    peak_mb: float = 0.0


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[Usage]:
    """Assert the block takes at most ``seconds`` and allocates at most ``megabytes`` at its peak.

    Bounds are generous (a slow CI machine, tracemalloc's own overhead); the point is that a
    resource bomb cannot run away, not to benchmark.
    """
    usage = Usage()
    tracemalloc.start()
    start = time.process_time()  # CPU time: a loaded machine must not fail the bound
    try:
        yield usage
    finally:
        usage.seconds = time.process_time() - start
        usage.peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert usage.seconds <= seconds, f"took {usage.seconds:.2f} s of CPU (bound {seconds} s)"
    assert usage.peak_mb <= megabytes, f"peak {usage.peak_mb:.1f} MB (bound {megabytes} MB)"


_MEASURE = """
import json, resource, sys, time
code = sys.stdin.read()
scope = {}
start = time.process_time()  # CPU time, so a busy machine does not fail the bound
exec(compile(code, "<measured>", "exec"), scope)
seconds = time.process_time() - start
try:  # this process's own high-water mark (ru_maxrss would include the parent's from before exec)
    with open("/proc/self/status") as fh:
        peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "result": scope.get("result")}))
"""


def measured(code: str, seconds: float, megabytes: float) -> object:
    """Run ``code`` in a fresh interpreter; assert its wall time and peak RSS (MB); return ``result``.

    A fresh process gives an honest peak RSS (the interpreter itself counts, about 30 MB) without
    tracemalloc's large slowdown on allocation-heavy inputs.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE],
        input=code,
        capture_output=True,
        text=True,
        env=env,
        timeout=max(60.0, seconds * 4),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["seconds"] <= seconds, f"took {out['seconds']:.2f} s of CPU (bound {seconds} s)"
    assert out["peak_mb"] <= megabytes, f"peak RSS {out['peak_mb']:.0f} MB (bound {megabytes} MB)"
    print(f"measured: {out['seconds']:.2f} s, peak RSS {out['peak_mb']:.0f} MB")
    return out["result"]
