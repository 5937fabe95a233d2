"""Run the peers' GitHub Actions cases (../shared/conformance/peer-cases/actions.jsonl).

Each case is run with the rule(s) that carry the peer's id as an alias: a ``catch`` case must
give at least one finding of those rules, a ``no-catch`` case none (for actionlint's ``*`` cases:
none from any rule with an actionlint alias). zizmor's cases run under zizmor's hash-pin-everything
policy. ``python -m tests.workflow.conformance`` prints the coverage.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text, registry

ACTIONLINT_KINDS = (
    "syntax-check",
    "expression",
    "events",
    "glob",
    "job-needs",
    "if-cond",
    "deprecated-commands",
    "credentials",
    "runner-label",
    "shell-name",
    "id",
    "matrix",
    "workflow-call",
    "action",
)


#: a case's ``artifact_kind`` -> the kind it is linted as and the file name it is written to
CASE_KIND = {
    "action": (Kind.ACTION, "action.yml"),
    "dependabot": (Kind.DEPENDABOT, ".github/dependabot.yml"),
}
#: the peer config files cases name (``config_files``, after ``test-data/``), as deploylint
#: settings: rule options by rule id, and ``[tool.deploylint.workflow]`` keys
ZIZMOR_CONFIGS: dict[str, tuple[dict[str, dict[str, object]], dict[str, object]]] = {
    "forbidden-uses/configs/allow-all.yml": ({}, {"forbidden-uses": {"allow": ["*"]}}),
    "forbidden-uses/configs/deny-all.yml": ({}, {"forbidden-uses": {"deny": ["*"]}}),
    "forbidden-uses/configs/allow-some.yml": (
        {},
        {"forbidden-uses": {"allow": ["actions/checkout", "pypa/gh-action-pypi-publish"]}},
    ),
    "forbidden-uses/configs/deny-some.yml": (
        {},
        {"forbidden-uses": {"deny": ["actions/checkout", "pypa/gh-action-pypi-publish"]}},
    ),
    "forbidden-uses/configs/allow-some-refs.yml": (
        {},
        {
            "forbidden-uses": {
                "allow": ["actions/setup-python@v4", "actions/checkout@v3", "pypa/gh-action-pypi-publish@release/v1"]
            }
        },
    ),
    "forbidden-uses/configs/deny-some-refs.yml": (
        {},
        {
            "forbidden-uses": {
                "deny": ["actions/setup-python@v4", "actions/checkout@v3", "pypa/gh-action-pypi-publish@release/v1"]
            }
        },
    ),
    "dependabot-cooldown/configs/cooldown-one-day.yml": ({"GHA063": {"days": 1}}, {}),
    "secrets-outside-env/configs/allow-none.yml": ({"GHA055": {"allow": []}}, {}),
    "secrets-outside-env/configs/allow-one.yml": ({"GHA055": {"allow": ["NOT_SO_SECRET"]}}, {}),
    "secrets-outside-env/configs/allow-some.yml": (
        {"GHA055": {"allow": ["NOT_SO_SECRET", "ALSO_NOT_SO_SECRET"]}},
        {},
    ),
}


#: the files of the peer's test project that a case using a local action or reusable workflow
#: presupposes (by ``source_path``), written here from what the peer's messages say of them
LOCAL_FILES: dict[str, dict[str, str]] = {
    # "My action": the inputs 'name', 'message' (required, no default) and 'addition'
    "testdata/examples/local_action_inputs.yaml": {
        ".github/actions/my-action/action.yml": (
            "name: My action\n"
            "description: an action with one required input\n"
            "inputs:\n"
            "  name:\n    description: who\n    default: you\n"
            "  message:\n    description: what to say\n    required: true\n"
            "  addition:\n    description: more\n"
            "runs:\n  using: node24\n  main: index.js\n"
        ),
    },
}


@dataclass
class Outcome:
    case_id: str
    tool: str
    check: str
    expect: str
    covered: bool
    fired: bool | None  # None when not covered

    @property
    def agrees(self) -> bool:
        return self.covered and self.fired == (self.expect == "catch")


def rules_for(check: str, tool: str) -> list[str]:
    reg = registry()
    if tool == "actionlint" and check == "*":
        return sorted({rid for k in ACTIONLINT_KINDS for rid in reg.resolve(k)})
    return sorted(rid for rid in reg.named(check) if not rid.startswith("CORE"))


def run_case(case: dict[str, object]) -> Outcome:
    tool, check, expect = str(case["tool"]), str(case["check"]), str(case["expect"])
    ids = rules_for(check, tool)
    if not ids:
        return Outcome(str(case["case_id"]), tool, check, expect, False, None)
    kind, filename = CASE_KIND.get(str(case.get("artifact_kind")), (Kind.WORKFLOW, ".github/workflows/case.yml"))
    settings = Settings()
    if tool == "zizmor":
        settings.sections["workflow"] = {"pin-policy": {"*": "hash-pin"}}
    for name in case.get("config_files") or []:  # type: ignore[attr-defined]
        options, section = ZIZMOR_CONFIGS.get(str(name).rpartition("test-data/")[2], ({}, {}))
        settings.rule_options.update(options)
        settings.sections.setdefault("workflow", {}).update(section)
    files = LOCAL_FILES.get(str(case.get("source_path")))
    found = lint_text(str(case["workflow"]), kind, select=ids, filename=filename, settings=settings, files=files)
    fired = any(rid in ids for rid, _l, _c in found)
    return Outcome(str(case["case_id"]), tool, check, expect, True, fired)


@dataclass
class CheckStats:
    """One peer check's figures: catch cases caught, no-catch cases that fired."""

    tool: str
    check: str
    rules: tuple[str, ...]
    caught: int = 0
    catch_cases: int = 0
    false_alarms: int = 0
    quiet_cases: int = 0


def per_check(outcomes: list[Outcome]) -> list[CheckStats]:
    """Recall and false alarms per (tool, check), for the checks some rule carries as an alias."""
    stats: dict[tuple[str, str], CheckStats] = {}
    for o in outcomes:
        if not o.covered:
            continue
        st = stats.get((o.tool, o.check))
        if st is None:
            st = stats[(o.tool, o.check)] = CheckStats(o.tool, o.check, tuple(rules_for(o.check, o.tool)))
        if o.expect == "catch":
            st.catch_cases += 1
            st.caught += bool(o.fired)
        else:
            st.quiet_cases += 1
            st.false_alarms += bool(o.fired)
    return [stats[k] for k in sorted(stats)]


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(path: str) -> None:
    outcomes = [run_case(c) for c in load(Path(path))]
    by_tool: dict[str, list[Outcome]] = {}
    for o in outcomes:
        by_tool.setdefault(o.tool, []).append(o)
    for tool, group in sorted(by_tool.items()):
        covered = [o for o in group if o.covered]
        agree = [o for o in covered if o.agrees]
        print(f"{tool}: {len(group)} cases, {len(covered)} covered by a rule alias, {len(agree)} agree")
        checks: dict[str, list[Outcome]] = {}
        for o in group:
            checks.setdefault(o.check, []).append(o)
        for check, os_ in sorted(checks.items()):
            cov = sum(o.covered for o in os_)
            ok = sum(o.agrees for o in os_)
            print(f"  {check:28} {len(os_):4} cases  covered {cov:4}  agree {ok:4}")
    for o in outcomes:
        if o.covered and not o.agrees:
            print("DIFF", o.case_id, o.expect)
    print("\n| peer | check | our rules | caught | false alarms |")
    print("|---|---|---|---|---|")
    for st in per_check(outcomes):
        rules = ", ".join(st.rules) if len(st.rules) <= 4 else f"{len(st.rules)} rules"
        fa = f"{st.false_alarms} of {st.quiet_cases}" if st.quiet_cases else "-"
        caught = f"{st.caught} of {st.catch_cases}" if st.catch_cases else "-"
        print(f"| {st.tool} | `{st.check}` | {rules} | {caught} | {fa} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/conformance/peer-cases/actions.jsonl")
