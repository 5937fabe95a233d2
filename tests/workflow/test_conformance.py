"""Peer conformance: actionlint's and zizmor's own test cases against the rules carrying their ids.

Deliberate differences are listed below with the reason (each rule's ``## Differences`` section
says the same to users). A difference list entry that no longer differs must be removed.
"""

from __future__ import annotations

import pytest

from tests.workflow._shared import shared
from tests.workflow.conformance import Outcome, load, run_case

#: (tool, check) -> why deploylint differs on some of that check's cases
DIFFERENCES: dict[tuple[str, str], str] = {
    ("actionlint", "*"): "PyYAML rejects a redefined anchor, which YAML 1.2 allows (anchors.yaml)",
    ("actionlint", "expression"): "actionlint type-checks expressions (property types, context availability "
    "per key, outputs of popular actions); GHA032 checks syntax, context and function names and arity",
    ("actionlint", "syntax-check"): "actionlint also type-checks scalar values (booleans, numbers, timeouts), "
    "timezones, snapshots and keys that differ only in case",
    ("actionlint", "events"): "the webhook activity-type table, workflow_call input/output definitions and "
    "the 25-input limit are not checked",
    ("zizmor", "artipacked"): "reported only when the token can leave the job (artifact upload, third-party action)",
    ("zizmor", "template-injection"): "only values traceable to attacker-controlled text are reported, "
    "not any non-static expansion (zizmor's pedantic and auditor personas)",
    ("zizmor", "dangerous-triggers"): "pull_request_target/workflow_run are reported only when they fetch PR code",
    ("zizmor", "unpinned-images"): "images computed through the matrix and docker action metadata are not "
    "resolved; tags without a digest are zizmor's pedantic persona",
    ("zizmor", "self-hosted-runner"): "reported (as info) in every persona; matrix-computed labels not resolved",
    ("zizmor", "excessive-permissions"): "read-all and pedantic-persona cases are not reported",
    ("zizmor", "obfuscation"): "computed indices (pedantic) and some path forms are not reported",
    ("zizmor", "use-trusted-publishing"): "action files and some publishing commands are not covered",
    ("zizmor", "cache-poisoning"): "the publisher/trigger heuristics differ in details",
    ("zizmor", "github-env"): "composite actions are not reported: their triggers are unknown",
    ("zizmor", "unpinned-uses"): "cases driven by a zizmor config file run under the hash-pin policy here",
    ("zizmor", "archived-uses"): "`.pre-commit-config.yaml` hooks are not an artifact deploylint scans",
}


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    path = shared("conformance", "peer-cases", "actions.jsonl")
    return [run_case(c) for c in load(path)]


def test_peer_cases_agree_or_are_listed(outcomes: list[Outcome]) -> None:
    unexplained = [o.case_id for o in outcomes if o.covered and not o.agrees and (o.tool, o.check) not in DIFFERENCES]
    assert not unexplained, unexplained


def test_no_catch_cases_stay_quiet(outcomes: list[Outcome]) -> None:
    """Precision: peers' known-good inputs must not fire, except the listed differences."""
    # tag-and-release.yml: `!(github.event_name == 'push' && github.ref_type == 'tag')` is true for a
    # `release` event, so GHA020 reports it (see the rule's "Differences from zizmor")
    allowed = {"anchors.yaml", "self-hosted.yml", "menagerie-of-uses.yml", "tag-and-release.yml"}
    noisy = [
        o.case_id
        for o in outcomes
        if o.covered and o.expect == "no-catch" and o.fired and not any(a in o.case_id for a in allowed)
    ]
    assert not noisy, noisy


def test_difference_list_is_honest(outcomes: list[Outcome]) -> None:
    differing = {(o.tool, o.check) for o in outcomes if o.covered and not o.agrees}
    stale = sorted(set(DIFFERENCES) - differing)
    assert not stale, f"these checks now agree everywhere; drop them from DIFFERENCES: {stale}"


def test_coverage_floor(outcomes: list[Outcome]) -> None:
    covered = [o for o in outcomes if o.covered]
    agree = [o for o in covered if o.agrees]
    # 440 cases: keep what we have (raise these as coverage grows)
    assert len(covered) >= 355 and len(agree) >= 250, (len(covered), len(agree))
