"""The base-image table: families, variants, tools and default users."""

from __future__ import annotations

import pytest

from deploylint.models.base import Located
from deploylint.models.images import Variant, image_ref, lookup, parse_reference
from deploylint.source import Span

AT = Span(1, 1, 1, 2, 0, 1)


def facts(image: str):  # type: ignore[no-untyped-def]
    return lookup(parse_reference(image))


@pytest.mark.parametrize(
    ("image", "family", "variant", "curl", "wget", "user"),
    [
        ("node:20", "node", Variant.FULL, True, True, None),
        ("docker.io/library/node:20-alpine", "node", Variant.ALPINE, False, True, None),
        ("python:3.12-slim-bookworm", "python", Variant.SLIM, False, False, None),
        ("gcr.io/distroless/static-debian12:nonroot", "distroless", Variant.DISTROLESS, False, False, "nonroot"),
        ("gcr.io/distroless/base-debian12", "distroless", Variant.DISTROLESS, False, False, None),
        ("cgr.dev/chainguard/node:latest", "chainguard", Variant.DISTROLESS, False, False, "nonroot"),
        ("alpine:3.20", "alpine", Variant.ALPINE, False, True, None),
        (
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "windows",
            Variant.FULL,
            None,
            None,
            "ContainerAdministrator",
        ),
    ],
)
def test_lookup(
    image: str, family: str, variant: Variant, curl: bool | None, wget: bool | None, user: str | None
) -> None:
    f = facts(image)
    assert f is not None
    assert (f.family.name, f.variant, f.tools.curl, f.tools.wget, f.default_user) == (family, variant, curl, wget, user)


def test_heavy_only_for_full_language_images() -> None:
    assert facts("golang:1.22").is_heavy  # type: ignore[union-attr]
    assert not facts("golang:1.22-alpine").is_heavy  # type: ignore[union-attr]
    assert not facts("debian:12").is_heavy  # type: ignore[union-attr]


def test_unknown_image() -> None:
    assert facts("ghcr.io/acme/app:1.0") is None


def test_image_ref_parts() -> None:
    ref = image_ref(Located("x", AT), "localhost:5000/team/app:1.2@sha256:" + "a" * 64)
    assert (ref.registry, ref.repository, ref.tag, ref.is_pinned) == ("localhost:5000", "team/app", "1.2", True)
    bare = image_ref(Located("x", AT), "registry:5000/app")
    assert (bare.registry, bare.repository, bare.tag) == ("registry:5000", "app", None)
