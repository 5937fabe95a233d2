"""gixy-ng 0.2.59's own plugin fixtures, run against the rule that carries the plugin name as alias.

A ``catch`` case must fire the rule, a ``no-catch`` case must not. Where we differ on purpose the
case is listed in DIFFERENCES with the reason (also written in the rule's "Differences from
gixy-ng" section); the test fails if a listed case starts to agree, so the list stays honest.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text, registry
from tests.conftest import shared_path

DIFFERENCES: dict[tuple[str, str], str] = {
    ("weak_ssl_tls", "prefer_on.conf"): "ssl_prefer_server_ciphers on is a preference, not a weakness",
    ("allow_without_deny", "allow_without_deny_dump_fp.conf"): "a top-level allow is checked on its own block; "
    "a deny in a nested location does not restrict it",
}


def _cases() -> list[dict[str, Any]]:
    path = shared_path("conformance", "peer-cases", "gixy-ng.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fires(case: dict[str, Any], rule_id: str) -> bool:
    settings = Settings()
    options = {k: v for k, v in (case.get("options") or {}).items() if not k.startswith("__")}
    if options:
        settings.rule_options[rule_id] = options
    found = lint_text(case["config"], Kind.NGINX, select=[rule_id], settings=settings)
    return any(t[0] == rule_id for t in found)


def test_gixy_ng_fixtures() -> None:
    reg = registry()
    outcome: Counter[str] = Counter()
    wrong: dict[tuple[str, str], str] = {}
    for case in _cases():
        rule = reg.get(case["plugin"])
        if rule is None or rule.meta.kind is not Kind.NGINX:
            outcome["not implemented"] += 1
            continue
        fired = _fires(case, rule.id)
        expected = case["expect"] == "catch"
        key = (case["plugin"], case["case"])
        if fired == expected:
            outcome["agree"] += 1
            assert key not in DIFFERENCES, f"{key} now agrees with gixy-ng: drop it from DIFFERENCES"
        else:
            outcome["differ"] += 1
            wrong[key] = "fired" if fired else "did not fire"
    unexplained = {k: v for k, v in wrong.items() if k not in DIFFERENCES}
    print(f"\ngixy-ng conformance: {dict(outcome)}")
    assert not unexplained, unexplained
    assert outcome["agree"] > 0


@pytest.mark.parametrize("plugin", ["hsts_header", "weak_ssl_tls", "add_header_redefinition", "version_disclosure"])
def test_core_aliases_exist(plugin: str) -> None:
    assert registry().get(plugin) is not None
