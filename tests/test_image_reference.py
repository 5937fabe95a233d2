"""The one image-reference parser: parts, normalised names, and parse(format(ref)) == ref."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploylint.models.base import Located
from deploylint.models.compose import parse_image
from deploylint.models.dockerfile import parse_image_ref
from deploylint.models.images import Reference, parse_reference
from deploylint.models.workflow import split_image_ref
from deploylint.source import Span

AT = Span(1, 1, 1, 2, 0, 1)

_component = st.from_regex(r"[a-z0-9]+(?:[._-][a-z0-9]+)*", fullmatch=True).filter(lambda c: len(c) <= 20)
#: a first component that does not name a host (no dot, no colon, not localhost)
_plain = st.from_regex(r"[a-z0-9]+(?:[_-][a-z0-9]+)*", fullmatch=True).filter(
    lambda c: len(c) <= 20 and c != "localhost"
)
_host = st.one_of(
    st.just("localhost"),
    st.just("docker.io"),
    st.from_regex(r"[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z]{2,6}(?::[0-9]{2,5})?", fullmatch=True),
    st.from_regex(r"[a-z0-9]+:[0-9]{2,5}", fullmatch=True),
)
_tag = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}", fullmatch=True)
_digest = st.from_regex(r"sha256:[0-9a-f]{64}", fullmatch=True)


@st.composite
def references(draw: st.DrawFn) -> Reference:
    registry = draw(st.one_of(st.just(""), _host))
    rest = draw(st.lists(_component, max_size=3))
    first = draw(_plain if registry == "" else _component)
    return Reference(registry, "/".join([first, *rest]), draw(st.none() | _tag), draw(st.none() | _digest))


@given(references())
def test_parse_format_round_trips(ref: Reference) -> None:
    assert parse_reference(ref.format()) == ref


@given(st.lists(_component, min_size=1, max_size=1), st.none() | _tag)
def test_docker_hub_spellings_link_equal(name: list[str], tag: str | None) -> None:
    (x,) = name
    spellings = [x, f"library/{x}", f"docker.io/library/{x}", f"index.docker.io/library/{x}"]
    suffix = f":{tag}" if tag else ""
    assert {parse_reference(s + suffix).normalised for s in spellings} == {x}


@pytest.mark.parametrize(
    ("text", "parts", "normalised"),
    [
        ("nginx", ("", "nginx", None, None), "nginx"),
        ("nginx:1.27-alpine", ("", "nginx", "1.27-alpine", None), "nginx"),
        ("docker.io/library/node:20", ("docker.io", "library/node", "20", None), "node"),
        ("docker.io/bitnami/redis", ("docker.io", "bitnami/redis", None, None), "bitnami/redis"),
        ("localhost:5000/team/app:1.2", ("localhost:5000", "team/app", "1.2", None), "localhost:5000/team/app"),
        ("ghcr.io/o/App@sha256:ab", ("ghcr.io", "o/App", None, "sha256:ab"), "ghcr.io/o/app"),
        ("node:20@sha256:ab", ("", "node", "20", "sha256:ab"), "node"),
        ("host:5000", ("", "host", "5000", None), "host"),
        ("quay.io/library/x", ("quay.io", "library/x", None, None), "quay.io/library/x"),
    ],
)
def test_parts(text: str, parts: tuple[str, str, str | None, str | None], normalised: str) -> None:
    ref = parse_reference(text)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == parts
    assert ref.normalised == normalised
    assert ref.format() == text


@pytest.mark.parametrize(
    ("text", "dockerfile", "compose", "workflow"),
    [
        # the Dockerfile model reads Docker Hub's spellings away, Compose keeps the path as written,
        # the workflow model answers "@digest" as the tag of a digest-pinned reference
        (
            "docker.io/library/node:20",
            ("", "node", "20", None),
            ("docker.io/library/node", "20", None),
            ("docker.io/library/node", "20"),
        ),
        (
            "ghcr.io/o/app@sha256:ab",
            ("ghcr.io", "o/app", None, "sha256:ab"),
            ("ghcr.io/o/app", None, "sha256:ab"),
            ("ghcr.io/o/app", "@digest"),
        ),
        ("node:20@sha256:ab", ("", "node", "20", "sha256:ab"), ("node", "20", "sha256:ab"), ("node:20", "@digest")),
        ("redis", ("", "redis", None, None), ("redis", None, None), ("redis", "")),
    ],
)
def test_model_views(
    text: str,
    dockerfile: tuple[str, str, str | None, str | None],
    compose: tuple[str, str | None, str | None],
    workflow: tuple[str, str],
) -> None:
    d = parse_image_ref(Located(text, AT), text)
    assert (d.registry, d.repository, d.tag, d.digest) == dockerfile
    assert parse_image(text) == compose
    assert split_image_ref(text) == workflow
