"""Fix cases: ``rules/<ID>/fix_<case>.<ext>`` is fixed (only that rule, safe and unsafe fixes) into
exactly ``rules/<ID>/fix_<case>.expected.<ext>``, byte for byte; the fixed file parses, has no
finding of the rule, and a second run changes nothing. A case that needs other files of the
repository (a lockfile) is a folder ``fix_<case>/``, fixed as a whole: each file of
``fix_<case>.expected/`` is what the file at the same place becomes, and every other file stays as
it is. A ``fail_*_not_fixed*`` case comes out of a fix run unchanged (what the fix must leave
alone). A ``refs.json`` beside the cases is the cache of resolved action refs the run reads
(no network). Every fixable rule has fix cases and a "Fix safety" section, and every rule with fix cases
says it is fixable."""

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
    Kind.DEPENDABOT: ".github/dependabot.yml",
}


def _cases(prefix: str = "fix_") -> list[tuple[str, Path]]:
    out = []
    for folder in sorted(p for p in RULES.iterdir() if p.is_dir()):
        for case in sorted(folder.glob(f"{prefix}*")):
            if ".expected" not in case.name and (prefix == "fix_" or "_not_fixed" in case.name):
                out.append((folder.name, case))
    return out


def _expected(case: Path) -> Path:
    if case.is_dir():
        return case.with_name(f"{case.name}.expected")
    stem, _, ext = case.name.partition(".")
    return case.with_name(f"{stem}.expected.{ext}")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _fix(rule_id: str, case: Path, tmp: Path) -> tuple[dict[str, bytes], list[str]]:
    """The files of the case after a fix run (by path in the case), and the findings of the rule
    (and parse errors) left."""
    rule = registry().rules[rule_id]
    if case.is_dir():
        shutil.copytree(case, tmp)
        targets = sorted(p for p in tmp.rglob("*") if p.is_file())
    else:
        target = tmp / CANONICAL[rule.meta.kind]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case, target)
        targets = [target]
    (tmp / ".git").mkdir(exist_ok=True)
    refs = case.parent / "refs.json"  # resolved action refs for the pin fix (deploylint.pins)
    if refs.is_file():
        (tmp / ".deploylint_cache").mkdir(exist_ok=True)
        shutil.copyfile(refs, tmp / ".deploylint_cache" / "refs.json")
    settings = Settings(select=[rule_id], root=tmp.resolve())
    run = fix_scan(settings, targets, Policy(unsafe=True), registry=registry())
    left = sorted(
        f"{f.rule_id}:{f.location.span.start_line}"
        for f in run.report.findings
        if f.rule_id in (rule_id,) or f.rule_id.endswith("000")
    )
    if case.is_dir():
        return _tree(tmp), left
    return {"": targets[0].read_bytes()}, left


def _want(case: Path) -> dict[str, bytes]:
    expected = _expected(case)
    if case.is_dir():
        return {**_tree(case), **_tree(expected)}
    return {"": expected.read_bytes()}


def _apply(case: Path, tmp: Path) -> Path:
    """The case with its expected files in place (the input of the idempotence run)."""
    if not case.is_dir():
        return _expected(case)
    shutil.copytree(case, tmp)
    shutil.copytree(_expected(case), tmp, dirs_exist_ok=True)
    return tmp


@pytest.mark.parametrize(("rule_id", "case"), _cases(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_fix_case(rule_id: str, case: Path, tmp_path: Path) -> None:
    fixed, left = _fix(rule_id, case, tmp_path / "once")
    assert fixed == _want(case)
    assert left == [], f"the fixed file still has {left}"
    again, _ = _fix(rule_id, _apply(case, tmp_path / "expected"), tmp_path / "twice")
    assert again == fixed  # idempotent


@pytest.mark.parametrize(("rule_id", "case"), _cases("fail_"), ids=lambda v: v if isinstance(v, str) else v.name)
def test_not_fixed_case_is_left_alone(rule_id: str, case: Path, tmp_path: Path) -> None:
    fixed, left = _fix(rule_id, case, tmp_path / "once")
    assert fixed == (_tree(case) if case.is_dir() else {"": case.read_bytes()})
    assert any(item.startswith(f"{rule_id}:") for item in left)  # still reported


def test_fixable_rules_have_fix_cases_and_a_fix_safety_section() -> None:
    with_cases = {rule_id for rule_id, _ in _cases()}
    for rule in registry():
        if rule.meta.fixable:
            assert rule.id in with_cases, f"{rule.id} is fixable but has no rules/{rule.id}/fix_* case"
            assert sections(rule).get("fix safety"), f"{rule.id} is fixable but its docstring has no '## Fix safety'"
        else:
            assert rule.id not in with_cases, f"{rule.id} has fix cases but is not marked fixable=True"
    for _rule_id, case in _cases():
        assert _expected(case).exists(), f"{case} has no {_expected(case).name}"
