"""fixtures/demo/.github/workflows/deploy.yml shows the workflow rules at work."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.settings import Settings
from deploylint.testing import registry

DEMO = Path(__file__).resolve().parent.parent.parent / "fixtures" / "demo"


def test_demo_workflow_findings() -> None:
    s = Settings(select=["GHA"], root=DEMO)
    report = Engine(s, registry()).run([DEMO / ".github" / "workflows" / "deploy.yml"])
    got = {(f.rule_id, f.location.span.start_line, f.location.span.start_col) for f in report.findings}
    assert got == {
        ("GHA010", 5, 1),  # no permissions
        ("GHA004", 16, 15),  # setup-node without cache
        # no GHA003 for `npm install` (line 19): the demo has a package.json and no lockfile, so
        # `npm ci` would fail there
        ("GHA001", 22, 3),  # docker push from any branch / PR
        ("GHA013", 22, 3),  # the image is built without waiting for the tests
        ("GHA014", 30, 21),  # secret pasted into the script
        ("GHA055", 30, 21),  # that secret, read in a job with no environment (info)
        ("GHA007", 31, 27),  # only :latest
        ("GHA001", 34, 3),  # deploy from any branch / PR
        ("GHA002", 34, 3),  # no environment
        ("GHA008", 34, 3),  # no image scan before the deploy
        ("GHA013", 34, 3),  # deploy does not need the tests
        ("GHA012", 39, 34),  # commit message expanded into the script
        ("GHA009", 40, 15),  # third-party action by tag
        ("GHA055", 44, 20),  # a secret read in a job with no environment (info)
    }
