"""The image tables' key is the reference's normalised name without its registry host."""

from __future__ import annotations

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
