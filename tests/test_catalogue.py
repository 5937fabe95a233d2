"""Meta-tests over the rule catalogue: one source of truth per rule, and it stays honest."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from deploylint.docs import code_block, sections
from deploylint.kinds import PREFIX, Kind
from deploylint.registry import Rule
from deploylint.testing import CANONICAL_NAME, kind_for_case, lint_text, registry

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"
ALL = list(registry())
# rules whose findings need a crash, the file system or several files: tested in tests/ instead
NO_CASES = {"CORE001", "CORE004"}


def test_ids_and_names_unique() -> None:
    ids = [r.id for r in ALL]
    names = [r.name for r in ALL]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.id)
def test_rule_shape(rule: Rule) -> None:
    m = rule.meta
    assert re.fullmatch(r"[A-Z][A-Z0-9]{1,3}\d{3}", m.id)
    assert m.id.startswith(PREFIX[m.kind]), f"{m.id} does not carry the prefix of {m.kind}"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m.name), m.name
    module = rule.check.__module__
    assert module.rsplit(".", 1)[-1].startswith(m.id.lower() + "_"), f"{module} should be named {m.id.lower()}_<name>"
    sec = sections(rule)
    for key in ("why", "example", "use instead"):
        assert key in sec, f"{m.id}: docstring lacks a '## {key.title()}' section"
    assert len(m.tags) <= 20
    if m.is_security:
        assert m.security_severity is not None and 0.1 <= m.security_severity <= 10.0, f"{m.id} needs security_severity"


@pytest.mark.parametrize(
    "rule", [r for r in ALL if not r.id.endswith("000") and r.meta.kind in CANONICAL_NAME], ids=lambda r: r.id
)
def test_docstring_example_fires_and_fix_does_not(rule: Rule) -> None:
    sec = sections(rule)
    example = code_block(sec.get("example", ""))
    fixed = code_block(sec.get("use instead", ""))
    if not example or "(no example" in example:
        pytest.skip("no inline example")
    kind = (
        kind_for_case(Path("action.yml" if rule.meta.kind is Kind.ACTION else "x"), rule.meta.kinds) or rule.meta.kind
    )
    assert rule.id in {t[0] for t in lint_text(example, kind, select=[rule.id])}, f"{rule.id}: Example does not fire"
    if fixed:
        assert rule.id not in {t[0] for t in lint_text(fixed, kind, select=[rule.id])}, f"{rule.id}: Use instead fires"


@pytest.mark.parametrize("rule", [r for r in ALL if r.id not in NO_CASES], ids=lambda r: r.id)
def test_rule_has_cases(rule: Rule) -> None:
    folder = RULES_DIR / rule.id
    assert folder.is_dir(), f"rules/{rule.id}/ is missing"
    names = [p.name for p in folder.iterdir()]
    assert any(n.startswith("fail_") for n in names), f"rules/{rule.id} has no fail_ case"
    if not rule.id.endswith("000"):
        assert any(n.startswith("pass_") for n in names), f"rules/{rule.id} has no pass_ case"


def test_no_orphan_case_folders() -> None:
    ids = {r.id for r in ALL}
    orphans = [p.name for p in RULES_DIR.iterdir() if p.is_dir() and p.name not in ids]
    assert not orphans, f"case folders without a rule: {orphans}"


def test_generated_docs_are_fresh() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    gen = importlib.import_module("gen_docs")
    stale = [
        str(p.relative_to(REPO))
        for p, text in gen.render_all().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python scripts/gen_docs.py`; stale: {stale[:10]}"
    existing = set((REPO / "docs" / "rules").glob("*.md"))
    assert existing <= set(gen.render_all()), "docs/rules has pages for rules that no longer exist"
