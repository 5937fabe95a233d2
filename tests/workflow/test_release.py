"""One definition of a release workflow (models/workflow_release.py), read by GHA004 and GHA020."""

from __future__ import annotations

import pytest

from deploylint.models.workflow_release import (
    ReleaseSignal,
    builds_releases,
    is_release,
    release_signals,
    releases_from_tags_only,
)
from tests.workflow.test_parser import load

_JOBS = "jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n"
S = ReleaseSignal


@pytest.mark.parametrize(
    ("on", "name", "signals"),
    [
        ("on: pull_request\n", "ci.yml", set()),
        ("on:\n  release:\n    types: [published]\n", "ci.yml", {S.RELEASE_EVENT}),
        ("on: registry_package\n", "ci.yml", {S.PACKAGE_EVENT}),
        ("on:\n  push:\n    tags: ['v*']\n", "ci.yml", {S.TAG_PUSH}),
        # a push that runs on branches and tags still builds releases on its tag runs
        ("on:\n  push:\n    branches: [main]\n    tags: ['v*']\n", "ci.yml", {S.TAG_PUSH}),
        ("on:\n  push:\n    branches: [main, Release/1.x]\n", "ci.yml", {S.RELEASE_BRANCH}),
        ("on:\n  push:\n    branches: [main]\n", "ci.yml", set()),
        ("on: workflow_dispatch\n", "publish.yml", {S.NAME}),
        ("name: Release charts\non: workflow_dispatch\n", "ci.yml", {S.NAME}),
    ],
)
def test_release_signals(on: str, name: str, signals: set[ReleaseSignal]) -> None:
    wf, errors = load(on + _JOBS, name)
    assert errors == []
    assert wf is not None
    assert release_signals(wf) == signals
    assert is_release(wf) is wf.is_release is bool(signals)
    assert builds_releases(wf) is bool(signals - {S.NAME})


@pytest.mark.parametrize(
    ("on", "tags_only"),
    [
        ("on:\n  release:\n  push:\n    tags: ['v*']\n", True),
        ("on:\n  release:\n  registry_package:\n", False),
        ("on:\n  push:\n    tags: ['v*']\n    branches: [release-1]\n", False),
    ],
)
def test_releases_from_tags_only(on: str, tags_only: bool) -> None:
    wf, _errors = load(on + _JOBS)
    assert wf is not None
    assert releases_from_tags_only(wf) is tags_only
