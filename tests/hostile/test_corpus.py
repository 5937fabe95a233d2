"""Real files: a parallel scan under another hash seed gives byte-identical JSON to a serial scan.

(tests/reporters/test_corpus_sarif.py already scans the whole corpus, in parallel, and asserts no
internal error; this one compares the two paths on the compose and nginx parts, about 1,000 files,
to stay quick.)"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
from tests.conftest import shared_path

REPO = Path(__file__).resolve().parents[2]

_PARALLEL = """
import io, sys
from pathlib import Path
from deploylint.engine import Engine
from deploylint.reporters import ReportOptions, get
from deploylint.settings import Settings
if __name__ == "__main__":
    root = Path(sys.argv[1])
    report = Engine(Settings(jobs=2, root=root, fail_on=None)).run([root / "compose", root / "nginx"])
    out = io.StringIO()
    get("json")(report, out, ReportOptions())
    sys.stdout.write(out.getvalue())
"""


@pytest.mark.slow
def test_corpus_parallel_equals_serial_and_never_crashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = shared_path("corpus").resolve()
    monkeypatch.chdir(corpus)
    script = tmp_path / "parallel.py"
    script.write_text(_PARALLEL, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(REPO)}
    # the parallel run goes in the background while the serial one runs here
    proc = subprocess.Popen(
        [sys.executable, str(script), str(corpus)],
        cwd=corpus,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    report = Engine(Settings(jobs=1, root=corpus, fail_on=None)).run([corpus / "nginx", corpus / "compose"])

    out = io.StringIO()
    get("json")(report, out, ReportOptions())
    parallel_json, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    crashes = [f.message for f in report.findings if f.rule_id == "CORE001"]
    assert crashes == []
    assert len(report.artifacts) > 900
    assert parallel_json == out.getvalue()
    assert json.loads(parallel_json)["summary"]["internal_errors"] == 0
