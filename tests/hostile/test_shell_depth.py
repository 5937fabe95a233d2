"""Issue #18 item 9: a script too deeply nested to parse says so, instead of hiding every shell
rule's findings on it without a word."""

from __future__ import annotations

import time

from deploylint.kinds import Kind
from deploylint.testing import lint_text

DEEP = "${a:-" * 600 + "x" + "}" * 600
SHALLOW = "${a:-" * 300 + "x" + "}" * 300


def _timed(text: str, kind: Kind) -> set[tuple[str, int, int]]:
    start = time.process_time()
    found = {t[:3] for t in lint_text(text, kind)}
    assert time.process_time() - start < 8.0  # the per-file budget is 10 s of wall time
    return found


def test_a_run_nested_600_levels_gets_dkr076_at_its_keyword() -> None:
    found = _timed(f'FROM alpine:3.20\nRUN echo "{DEEP}" && apk add curl\n', Kind.DOCKERFILE)
    assert ("DKR076", 2, 1) in found


def test_a_run_nested_300_levels_is_still_analysed() -> None:
    found = _timed(f'FROM alpine:3.20\nRUN echo "{SHALLOW}" && apk add curl\n', Kind.DOCKERFILE)
    assert "DKR076" not in {f[0] for f in found}
    # the shell rules did read it: the unpinned apk package and the missing --no-cache
    assert {"DKR059", "DKR063"} <= {f[0] for f in found}


def test_a_workflow_run_nested_600_levels_gets_gha045_at_its_value() -> None:
    text = f'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "{DEEP}"\n'
    assert ("GHA045", 6, 14) in _timed(text, Kind.WORKFLOW)
