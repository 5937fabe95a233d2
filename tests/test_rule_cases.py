"""Every case under rules/<ID>/ runs only that rule and must give exactly the marked findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deploylint.testing import SIDECAR, run_case

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


def _cases() -> list[tuple[str, Path]]:
    out = []
    for rule_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.startswith(("fail_", "pass_")) and case.suffix not in (".toml", SIDECAR):
                out.append((rule_dir.name, case))
    return out


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_case(rule_id: str, case: Path) -> None:
    expected, actual, report = run_case(case, rule_id)
    if case.name.startswith("pass_"):
        assert not {a for a in actual if a[1] == rule_id}, f"{case}: expected no {rule_id} finding"
        assert not expected, f"{case}: a pass case must not carry expect markers"
    else:
        assert expected, f"{case}: a fail case needs at least one '# expect:' marker"
    assert actual == expected, (
        f"{case}\nmissing: {sorted(expected - actual)}\nunexpected: {sorted(actual - expected)}\n"
        + "\n".join(
            f"  {f.location.path}:{f.location.span.start_line}:{f.location.span.start_col} {f.rule_id} {f.message}"
            for f in report.findings
        )
    )
    bad = sorted({(f.message, why) for f in report.findings if (why := message_style_problem(f.message))})
    assert not bad, f"{case}: messages break the style of CONTRIBUTING.md (Messages): {bad}"


#: the first word of a message may be capitalised only as an acronym, an instruction or an id
#: (``ENV``, ``HTTP``, ``DKR001``), or a code word with capitals inside (``GitHub``, ``X-Forwarded-For``)
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9_-]+|[A-Za-z][a-z0-9]*[A-Z_-].*")


def message_style_problem(message: str) -> str | None:
    """Why ``message`` breaks the message style (CONTRIBUTING.md, "Messages"), or None.

    A message is one lowercase fragment: it starts with a lowercase word, a quoted name ('web',
    `npm ci`, "..."), a code word (``$HOME``, ``--no-cache``, ``/etc/nginx``, a number) or an
    acronym or id; it holds no second sentence; it ends without a period.
    """
    if not message or message != message.strip():
        return "empty, or space at either end"
    if message.endswith(".") and not message.endswith("..."):
        return "ends with a period"
    if re.search(r"[a-z)'`\]]\. [A-Z]", message):
        return "holds more than one sentence"
    first = message.split(maxsplit=1)[0].rstrip(":,;")
    if first[0].isalpha() and not first[0].islower() and not _ACRONYM.fullmatch(first):
        return f"starts with the capitalised word {first!r}"
    return None
