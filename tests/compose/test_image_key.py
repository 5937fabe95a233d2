"""The image tables' key is the reference's normalised name without its registry host."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.models.compose import image_key, socket_need


@pytest.mark.parametrize(
    ("repository", "key"),
    [
        ("ghcr.io/tecnativa/docker-socket-proxy", "tecnativa/docker-socket-proxy"),
        ("docker.io/library/Traefik", "traefik"),
        ("index.docker.io/library/nginx", "nginx"),
        ("library/nginx", "nginx"),
        ("localhost:5000/team/app", "team/app"),
        ("Portainer/portainer-ce", "portainer/portainer-ce"),
        ("registry.example.com:5000/a/b/c", "a/b/c"),
    ],
)
def test_image_key(repository: str, key: str) -> None:
    assert image_key(repository) == key


def test_socket_need_reads_through_registry_and_library() -> None:
    assert socket_need("ghcr.io/tecnativa/docker-socket-proxy") == "proxy"
    assert socket_need("docker.io/library/Traefik") == "needs"
    assert socket_need("docker.io/library/nginx") is None


def test_cmp017_shows_a_tag_left_empty_by_a_variable_as_written(tmp_path: Path) -> None:
    """Precision round five: `frappe/erpnext:` was printed for `${CUSTOM_TAG:-$ERPNEXT_VERSION}`."""
    from deploylint import lint

    (tmp_path / "compose.yaml").write_text(
        "services:\n  backend:\n    image: ${CUSTOM_IMAGE:-frappe/erpnext}:${CUSTOM_TAG:-$ERPNEXT_VERSION}\n"
    )
    report = lint(str(tmp_path / "compose.yaml"), select=["CMP017"])
    assert [(f.rule_id, f.location.span.start_line, f.location.span.start_col, f.message) for f in report.findings] == [
        (
            "CMP017",
            3,
            12,
            "image ${CUSTOM_IMAGE:-frappe/erpnext}:${CUSTOM_TAG:-$ERPNEXT_VERSION} of service 'backend' is not pinned by digest",
        )
    ]
