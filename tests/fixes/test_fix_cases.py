"""Fix cases: ``rules/<ID>/fix_<case>.<ext>`` is fixed (only that rule, safe and unsafe fixes) into
exactly ``rules/<ID>/fix_<case>.expected.<ext>``, byte for byte; the fixed file parses, has no
finding of the rule, and a second run changes nothing. A ``refs.json`` beside the cases is the
cache of resolved action refs the run reads (no network). Every fixable rule has fix cases and a
"Fix safety" section, and every rule with fix cases says it is fixable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deploylint.docs import sections
from deploylint.fix import Policy, fix_scan
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry

RULES = Path(__file__).resolve().parent.parent.parent / "rules"
#: the file name a case is copied to, so that its kind comes from its name as for a user's file
CANONICAL = {
    Kind.DOCKERFILE: "Dockerfile",
    Kind.COMPOSE: "compose.yaml",
    Kind.NGINX: "nginx.conf",
    Kind.WORKFLOW: ".github/workflows/ci.yml",
    Kind.ACTION: "action.yml",
}


def _cases() -> list[tuple[str, Path]]:
    out = []
    for folder in sorted(p for p in RULES.iterdir() if p.is_dir()):
        for case in sorted(folder.glob("fix_*")):
            if ".expected." not in case.name:
                out.append((folder.name, case))
    return out


def _expected(case: Path) -> Path:
    stem, _, ext = case.name.partition(".")
    return case.with_name(f"{stem}.expected.{ext}")


def _fix(rule_id: str, case: Path, tmp: Path) -> tuple[bytes, list[str]]:
    rule = registry().rules[rule_id]
    target = tmp / CANONICAL[rule.meta.kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case, target)
    (tmp / ".git").mkdir(exist_ok=True)
    refs = case.parent / "refs.json"  # resolved action refs for the pin fix (deploylint.pins)
    if refs.is_file():
        (tmp / ".deploylint_cache").mkdir(exist_ok=True)
        shutil.copyfile(refs, tmp / ".deploylint_cache" / "refs.json")
    settings = Settings(select=[rule_id], root=tmp.resolve())
    run = fix_scan(settings, [target], Policy(unsafe=True), registry=registry())
    left = sorted(
        f"{f.rule_id}:{f.location.span.start_line}"
        for f in run.report.findings
        if f.rule_id in (rule_id,) or f.rule_id.endswith("000")
    )
    return target.read_bytes(), left


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_fix_case(rule_id: str, case: Path, tmp_path: Path) -> None:
    fixed, left = _fix(rule_id, case, tmp_path / "once")
    assert fixed == _expected(case).read_bytes()
    assert left == [], f"the fixed file still has {left}"
    again, _ = _fix(rule_id, _expected(case), tmp_path / "twice")
    assert again == fixed  # idempotent


def test_fixable_rules_have_fix_cases_and_a_fix_safety_section() -> None:
    with_cases = {rule_id for rule_id, _ in _cases()}
    for rule in registry():
        if rule.meta.fixable:
            assert rule.id in with_cases, f"{rule.id} is fixable but has no rules/{rule.id}/fix_* case"
            assert sections(rule).get("fix safety"), f"{rule.id} is fixable but its docstring has no '## Fix safety'"
        else:
            assert rule.id not in with_cases, f"{rule.id} has fix cases but is not marked fixable=True"
    for _rule_id, case in _cases():
        assert _expected(case).is_file(), f"{case} has no {_expected(case).name}"
