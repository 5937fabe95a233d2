"""Table tests for the folder and file words of deploylint/profiles.py (issue #19's precision set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.profiles import DEVELOPMENT, PRODUCTION, is_fixture, profile_of

ROOT = Path("/repo")


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        (".ci/Dockerfile.cypress", DEVELOPMENT),
        (".ci/compose.yaml", DEVELOPMENT),
        ("docker/testing/docker-compose.yml", DEVELOPMENT),
        ("compose/ci-test/compose.yaml", DEVELOPMENT),
        ("docker-compose.ci-test.yml", DEVELOPMENT),
        (".worktree-container/compose.yaml", DEVELOPMENT),
        ("_integration-test/custom-ca-roots/nginx/nginx.conf", DEVELOPMENT),
        ("docker/devenv/files/nginx.conf", DEVELOPMENT),
        ("docker/gitpod/Dockerfile", DEVELOPMENT),
        ("workstation/postinstall/Dockerfile", DEVELOPMENT),
        ("image/discourse_test/Dockerfile", DEVELOPMENT),
        ("image/discourse_dev/Dockerfile", DEVELOPMENT),
        (".devcontainer/Dockerfile", DEVELOPMENT),
        ("tests/resources/docker/docker-compose.yml", DEVELOPMENT),
        ("deploy/production/compose.yaml", PRODUCTION),
        ("docker-compose.prod.yml", PRODUCTION),
        ("docker/images/Dockerfile.backend", None),
        ("nginx/conf.d/default.conf", None),
        ("Dockerfile", None),
    ],
)
def test_profile_of_paths(rel: str, expected: str | None) -> None:
    assert profile_of(ROOT / rel, ROOT) == expected


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("tests/resources/docker/docker-compose.yml", True),
        ("test/fixtures/compose.yaml", True),
        ("internal/testdata/Dockerfile", True),
        ("spec/files/nginx.conf", True),
        ("tests/e2e/compose.yaml", False),
        ("resources/compose.yaml", False),
        ("docker/dev/compose.yaml", False),
        ("compose.yaml", False),
    ],
)
def test_is_fixture(rel: str, expected: bool) -> None:
    assert is_fixture(ROOT / rel, ROOT) is expected
