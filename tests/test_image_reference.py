"""The one image-reference parser: parts, normalised names, and parse(format(ref)) == ref."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deploylint.models.images import ImageRef, Reference, parse_reference
from deploylint.source import SourceFile

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


def _views(text: str, tmp: Path) -> dict[str, ImageRef]:
    """The image ``text`` as each model hands it to its rules (written at line 2, column 5 or 6)."""
    from deploylint.parsers import ParseEnv, compose, dockerfile, ecs, workflow

    env = ParseEnv(root=tmp)
    df = dockerfile.parse(SourceFile(tmp / "Dockerfile", f"# syntax\nFROM {text}\n"), env).model
    cf = compose.parse(SourceFile(tmp / "compose.yaml", f"services:\n  a:\n    image: {text}\n"), env).model
    wf_text = (
        f"on: push\njobs:\n  a:\n    runs-on: x\n    container: {text}\n    steps:\n      - uses: docker://{text}\n"
    )
    wf = workflow.parse(SourceFile(tmp / ".github/workflows/ci.yml", wf_text), env).model
    task = f'{{"containerDefinitions": [{{"name": "a",\n "image": "{text}"}}]}}'
    ef = ecs.parse(SourceFile(tmp / "taskdef.json", task), env).model
    assert df is not None and cf is not None and wf is not None and ef is not None
    (job,) = wf.jobs
    assert job.container is not None
    uses = job.steps[0].uses
    views = {
        "dockerfile": df.stages[0].base,
        "compose": cf.services[0].image,
        "container": job.container.image_ref,
        "docker://": uses.image_ref if uses is not None else None,
        "ecs": ef.containers[0].image,
    }
    out = {k: v for k, v in views.items() if v is not None}
    assert out.keys() == views.keys()
    return out


@pytest.mark.parametrize(
    "text",
    ["docker.io/library/node:20", "ghcr.io/o/app@sha256:ab", "node:20@sha256:ab", "redis", "localhost:5000/a/b:1"],
)
def test_every_model_gives_the_one_reference(text: str, tmp_path: Path) -> None:
    """Dockerfile, Compose, workflow (container and docker://) and ECS models answer an image
    with the same parts, and place it at the text as written."""
    views = _views(text, tmp_path)
    assert {k: v.reference for k, v in views.items()} == dict.fromkeys(views, parse_reference(text))
    assert {k: v.is_resolved for k, v in views.items()} == dict.fromkeys(views, True)
    places = {k: (v.span.start_line, v.span.start_col, v.span.end_col) for k, v in views.items()}
    n = len(text)
    assert places == {
        "dockerfile": (2, 6, 6 + n),
        "compose": (3, 12, 12 + n),
        "container": (5, 16, 16 + n),
        "docker://": (7, 24, 24 + n),
        "ecs": (2, 11, 13 + n),  # the JSON string, quotes included
    }


def test_normalised_names_the_same_image_everywhere(tmp_path: Path) -> None:
    a = _views("docker.io/library/Node:20", tmp_path)
    b = _views("node:22", tmp_path)
    assert {v.normalised for v in (*a.values(), *b.values())} == {"node"}
    assert {v.hub_repository for v in a.values()} == {"node"}
    assert {v.repository for v in a.values()} == {"library/Node"}
