"""Dockerfile parser: model shape, exact spans, recovery, and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.models.dockerfile import Copy, Env, From, Instruction, Onbuild, Run, User
from deploylint.models.dockerfile_args import expand
from deploylint.parsers import ParseEnv
from deploylint.parsers.dockerfile import parse, parse_text
from deploylint.source import SourceFile
from tests.conftest import shared_path


def model(text: str):  # type: ignore[no-untyped-def]
    parsed = parse_text(text)
    assert parsed.errors == [], parsed.errors
    assert parsed.model is not None
    return parsed.model


def at(span) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return span.start_line, span.start_col, span.end_line, span.end_col


def test_instruction_spans_and_flags() -> None:
    df = model(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        "RUN --mount=type=cache,target=/root/.cache/go-build \\\n"
        "    # a comment inside\n"
        "\n"
        "    go build ./...\n"
        "COPY --from=build --chown=app:app /out /app\n"
    )
    frm, run, copy = df.instructions
    assert isinstance(frm, From) and isinstance(run, Run) and isinstance(copy, Copy)
    assert at(frm.span) == (1, 1, 1, 52)
    assert frm.platform is not None and frm.platform.value == "$BUILDPLATFORM"
    assert at(frm.flags[0].span) == (1, 6, 1, 31)
    assert frm.stage_name is not None and at(frm.stage_name.span) == (1, 47, 1, 52)
    assert at(run.span) == (2, 1, 5, 19)
    assert run.mounts[0].type == "cache" and run.mounts[0].target == "/root/.cache/go-build"
    assert run.shell_text is not None and run.shell_text.text == "go build ./..."
    assert at(run.shell_text.span(df.source, 0, 2)) == (5, 5, 5, 7)
    assert copy.from_stage is not None and copy.from_stage.value == "build"
    assert [s.value for s in copy.sources] == ["/out"] and copy.dest is not None and copy.dest.value == "/app"
    assert at(copy.dest.span) == (6, 40, 6, 44)


def test_exec_form_elements_have_spans() -> None:
    df = model('FROM alpine:3.20\nCMD ["node", "server.js"]\n')
    cmd = df.instructions[1]
    assert cmd.json and [a.value for a in cmd.args] == ["node", "server.js"]
    assert at(cmd.args[1].span) == (2, 14, 2, 25)


def test_heredocs() -> None:
    df = model(
        "FROM alpine:3.20\n"
        "RUN <<EOF\n"
        "set -e\n"
        "apk add curl\n"
        "EOF\n"
        "COPY <<-'CONF' /etc/app.conf\n"
        "\tkey=$value\n"
        "\tCONF\n"
        "RUN cat <<A > /a && cat <<B > /b\n"
        "a\nA\nb\nB\n"
        "USER app\n"
    )
    run, copy, two, user = df.instructions[1:]
    assert isinstance(run, Run) and run.heredocs[0].content == "set -e\napk add curl\n"
    assert at(run.span) == (2, 1, 5, 4)
    assert at(run.heredocs[0].opener) == (2, 5, 2, 10)
    assert [s.text for s in run.shell_sources] == ["set -e\napk add curl\n"]
    assert isinstance(copy, Copy) and copy.heredocs[0].chomp and not copy.heredocs[0].expand
    assert copy.heredocs[0].name == "CONF" and at(copy.heredocs[0].terminator) == (8, 1, 8, 6)
    assert isinstance(two, Run) and [h.name for h in two.heredocs] == ["A", "B"]
    assert isinstance(user, User) and user.span.start_line == 14


def test_env_forms_and_values() -> None:
    df = model('FROM scratch\nENV A=1 B="two words" C=x\\ y\nENV LEGACY some value\nLABEL "k"="v"\n')
    env, legacy, label = df.instructions[1:]
    assert isinstance(env, Env) and [(p.name, p.text) for p in env.pairs] == [
        ("A", "1"),
        ("B", "two words"),
        ("C", "x y"),
    ]
    assert at(env.pairs[1].value.span) == (2, 11, 2, 22)  # type: ignore[union-attr]
    assert isinstance(legacy, Env) and legacy.pairs[0].legacy and legacy.pairs[0].text == "some value"
    assert label.pairs[0].name == '"k"'  # type: ignore[attr-defined]


def test_stages_args_and_users() -> None:
    df = model(
        "ARG REG=docker.io\nARG TAG\nARG IMG=${REG}/library/node:${TAG:-20}-slim\n"
        "FROM ${IMG} AS base\nUSER node\nFROM base AS app\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\n"
    )
    base, app, final = df.stages
    assert base.base.resolved == "docker.io/library/node:20-slim"
    assert (base.base.registry, base.base.repository, base.base.tag) == ("docker.io", "library/node", "20-slim")
    assert (base.base.hub_registry, base.base.hub_repository, base.base.normalised) == ("", "node", "node")
    assert app.parent is base and app.effective_user.name == "node" and app.effective_user.node is not None
    assert final.effective_user.source == "image" and not final.effective_user.is_root
    assert [a.pairs[0].name for a in df.global_args] == ["REG", "TAG", "IMG"]
    assert df.final_stage is final


@pytest.mark.parametrize(
    ("value", "variables", "want"),
    [
        ("node:${V}", {"V": "20"}, "node:20"),
        ("node:$V", {"V": "20"}, "node:20"),
        ("node:${V:-18}", {"V": None}, "node:18"),
        ("node:${V:+x}", {"V": "1"}, "node:x"),
        ("node:${V}", {"V": None}, None),
        ("node:${TARGETARCH}", {}, None),
        ("node:${U}", {}, None),
    ],
)
def test_expand(value: str, variables: dict[str, str | None], want: str | None) -> None:
    assert expand(value, variables) == want


def test_onbuild_wraps_instruction() -> None:
    df = model("FROM alpine:3.20\nONBUILD RUN echo hi\n")
    ob = df.instructions[1]
    assert isinstance(ob, Onbuild) and isinstance(ob.inner, Run)
    assert at(ob.inner.span) == (2, 9, 2, 20)
    assert list(df.walk())[-1] is ob.inner


def test_onbuild_trigger_is_one_of_the_stage_runs() -> None:
    df = model('FROM alpine:3.20\nSHELL ["/bin/ash", "-c"]\nRUN a\nONBUILD RUN b\nFROM alpine:3.20 AS two\nRUN c\n')
    first, second = df.stages
    ob = first.instructions[2]
    assert isinstance(ob, Onbuild) and isinstance(ob.inner, Run)
    assert [at(r.span) for r in first.runs] == [(3, 1, 3, 6), (4, 9, 4, 14)]
    assert first.runs[1] is ob.inner and first.triggers == (ob.inner,)
    assert (ob.inner.stage_index, ob.inner.shell) == (0, ("/bin/ash", "-c"))
    assert [at(r.span) for r in second.runs] == [(6, 1, 6, 6)] and second.triggers == ()


def test_onbuild_trigger_errors_wait_for_the_child_build() -> None:
    parsed = parse_text("FROM alpine:3.20\nONBUILD SHELL sh\nONBUILD COPY x\nONBUILD RUNN x\n")
    assert [(d.message, at(d.span)[:2]) for d in parsed.errors] == [("unknown instruction: RUNN", (4, 9))]
    ob = parsed.model.instructions[1]
    assert isinstance(ob, Onbuild) and ob.inner is None


def test_comments_target_the_instruction_below() -> None:
    parsed = parse_text(
        "# syntax=docker/dockerfile:1\nFROM alpine:3.20\n# hadolint ignore=DL3018\nRUN apk add \\\n  curl\n"
    )
    directive, pragma = parsed.comments
    assert directive.directive and directive.target is None
    assert pragma.target is not None and at(pragma.target) == (4, 1, 5, 7)


def test_escape_directive_backtick() -> None:
    df = model("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\n")
    assert df.escape == "`" and df.instructions[1].rest.value == "dir   C:\\"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        ("", 1, 1),
        ("# only a comment\n", 1, 1),
        ("FROM alpine\nENV PATH\n", 2, 5),
        ("FROM alpine\nFROBNICATE x\n", 2, 1),
        ('FROM alpine\nCMD ["a", 1]\n', 2, 5),
        ("FROM alpine\nRUN <<EOF\necho\n", 2, 5),
        ("FROM alpine AS 1bad\n", 1, 16),
        ("FROM a b\n", 1, 6),
        ("FROM alpine\nCOPY --chwon=1 . /\n", 2, 6),
        ("# escape=x\nFROM alpine\n", 1, 1),
    ],
)
def test_errors_are_positioned(text: str, line: int, col: int) -> None:
    parsed = parse_text(text)
    assert parsed.errors, "expected a diagnostic"
    assert (parsed.errors[0].span.start_line, parsed.errors[0].span.start_col) == (line, col)


def test_recovers_after_an_error() -> None:
    parsed = parse_text("FROM alpine\nFROBNICATE x\nUSER app\n")
    assert parsed.model is not None and isinstance(parsed.model.instructions[-1], User)


def test_dockerignore_is_read_through_env(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine\nCOPY . .\n")
    (tmp_path / ".dockerignore").write_text("# comment\n.git\n*.env\n!keep.env\n")
    src = SourceFile(tmp_path / "Dockerfile", (tmp_path / "Dockerfile").read_text())
    df = parse(src, ParseEnv(root=tmp_path)).model
    assert df is not None and df.context_dockerignore is not None
    ign = df.context_dockerignore
    assert ign.excludes(".git") and ign.excludes(".git/config") and ign.excludes("prod.env")
    assert not ign.excludes("keep.env") and not ign.excludes("src/app.py")
    assert at(ign.patterns[0].span) == (2, 1, 2, 5)


# -- properties ---------------------------------------------------------------------------------

KEYWORDS = ["FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "LABEL", "USER", "CMD", "ENTRYPOINT", "HEALTHCHECK"]
ARGS = st.sampled_from(
    [
        "alpine:3.20",
        "node AS build",
        "--mount=type=cache,target=/x npm ci",
        '["a", "b"]',
        "A=1 B='2 3'",
        "<<EOF",
        "<<-EOT cat",
        "x \\",
        "--from=build /a /b",
        "CMD curl -f http://x/ || exit 1",
        "NONE",
        "$X ${Y:-z}",
        "",
        "# not a comment",
    ]
)
LINES = st.one_of(
    st.builds(lambda k, a: f"{k} {a}", st.sampled_from(KEYWORDS), ARGS),
    st.sampled_from(["", "# c", "EOF", "\tEOT", "  \\", "# syntax=x", "# escape=`"]),
    st.text(max_size=20),
)


def _check_invariants(text: str) -> None:
    parsed = parse_text(text)
    n = len(text)
    for d in parsed.errors:
        assert 0 <= d.span.start_offset <= max(n, 1)
    if parsed.model is None:
        return
    prev = -1
    for ins in parsed.model.instructions:
        s = ins.span
        assert 0 <= s.start_offset < s.end_offset <= max(n, 1)
        assert s.start_offset >= prev
        prev = s.start_offset
        for part in _parts(ins):
            assert s.start_offset <= part.start_offset <= part.end_offset <= s.end_offset
    for c in parsed.comments:
        assert text[c.span.start_offset] == "#"


def _parts(ins: Instruction):  # type: ignore[no-untyped-def]
    yield ins.keyword.span
    for f in ins.flags:
        yield f.span
    for a in ins.args:
        yield a.span
    for h in ins.heredocs:
        yield h.opener


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_structured_dockerfiles_parse(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text: str) -> None:
    _check_invariants(text)


def test_corpus_parses_without_exceptions() -> None:
    root = shared_path("corpus", "dockerfile")
    files = [p for p in root.rglob("*") if p.is_file()]
    bad = 0
    for p in files:
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        parsed = parse_text(text, str(p))
        bad += bool(parsed.errors)
    assert files and bad <= 30, f"{bad} of {len(files)} corpus files have DKR000 diagnostics (24 expected)"


def test_dockerfile_parse_oracle() -> None:
    """dockerfile-parse agrees on instruction names and start lines outside heredocs."""
    dfp = pytest.importorskip("dockerfile_parse")
    root = shared_path("corpus", "dockerfile")
    checked = 0
    for p in sorted(root.rglob("Dockerfile"))[:400]:
        text = p.read_text(encoding="utf-8", errors="replace")
        parsed = parse_text(text)
        if parsed.errors or parsed.model is None or "<<" in text or "# escape" in text.lower():
            continue
        theirs = dfp.DockerfileParser(fileobj=__import__("io").BytesIO(text.encode()))
        got = [(i.name, i.span.start_line) for i in parsed.model.instructions]
        want = [(s["instruction"], s["startline"] + 1) for s in theirs.structure if s["instruction"] != "COMMENT"]
        assert got == want, p
        checked += 1
    assert checked > 100


def test_env_before_each_instruction() -> None:
    df = model(
        "FROM alpine:3.20 AS base\nENV A=1 B=2\nRUN true\nENV A=3\n"
        "FROM base AS app\nRUN one\nENV C=4 B=5\nRUN two\nENV C=6\n"
    )
    base, app = df.stages
    b_run = base.instructions[1]
    assert dict(base.env_before(base.instructions[0])) == {}
    assert dict(base.env_before(b_run)) == {"A": "1", "B": "2"}
    run_one, _, run_two, last = app.instructions[:4]
    # the parent stage's ENV at its end, then this stage's in order, as one mapping
    assert dict(app.env_before(run_one)) == {"A": "3", "B": "2"}
    two = app.env_before(run_two)
    assert dict(two) == {"A": "3", "B": "5", "C": "4"} and len(two) == 3 and list(two) == ["A", "B", "C"]
    assert two.get("C") == "4" and two.get("D") is None and "B" in two
    assert dict(app.env_before(last)) == {"A": "3", "B": "5", "C": "4"}
