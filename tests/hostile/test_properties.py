"""End-to-end property tests per kind: any text, structured or raw, gives findings or <KIND>000, never
an internal error; every position is inside the file; CRLF line endings and a BOM move nothing.

Parser owners test their parsers' own properties; these drive the whole engine (parse, every rule
of the kind, suppressions) on generated input.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import CANONICAL_NAME, registry

_TMP = Path(tempfile.mkdtemp(prefix="deploylint-props-")).resolve()
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Row = tuple[str, int, int, int, int]


def lint(text: str, kind: Kind, *, raw: bytes | None = None) -> list[Row]:
    target = _TMP / kind.value / CANONICAL_NAME[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw if raw is not None else text.encode("utf-8"))
    s = Settings(jobs=1, root=(_TMP / kind.value), fail_on=None, preview=True)
    report = Engine(s, registry(), kind=kind).run([target])
    internal = [f.message for f in report.findings if f.rule_id == "CORE001"]
    assert internal == [], internal
    lines = text.count("\n") + 1
    rows = []
    for f in report.findings:
        sp = f.location.span
        if Path(f.location.path).name == target.name:
            assert 1 <= sp.start_line <= lines, (f, lines)
            assert sp.start_col >= 1 and (sp.end_line, sp.end_col) >= (sp.start_line, sp.start_col), f
        rows.append((f.rule_id, sp.start_line, sp.start_col, sp.end_line, sp.end_col))
    return sorted(rows)


def check_line_endings(text: str, kind: Kind) -> None:
    text = text.replace("\r", "")
    plain = lint(text, kind)
    crlf = lint(text.replace("\n", "\r\n"), kind)
    bom = lint(text, kind, raw=b"\xef\xbb\xbf" + text.encode("utf-8"))
    starts = sorted((r[0], r[1], r[2]) for r in plain)
    assert sorted((r[0], r[1], r[2]) for r in crlf) == starts, "CRLF moved a finding"
    assert bom == plain, "a BOM moved a finding"


# --- Dockerfiles ----------------------------------------------------------------------------
_words = st.sampled_from(
    [
        "apt-get",
        "install",
        "-y",
        "curl",
        "&&",
        "|",
        "sh",
        "$HOME",
        "${VAR:-x}",
        "'q'",
        '"dq"',
        "\\",
        "--no-cache",
        "pip",
        "wget",
        "sudo",
        "echo",
        "ADMIN_PASSWORD=hunter2",
        "cd",
        "/app",
        ";",
        "2>&1",
        "<<EOF",
        "EOF",
        "#",
        "`x`",
    ]
)
_images = st.sampled_from(
    [
        "python",
        "python:3.12-slim",
        "node:latest",
        "alpine@sha256:" + "a" * 64,
        "$BASE",
        "${BASE}:${TAG}",
        "scratch",
        "builder",
        "gcr.io/distroless/static:nonroot",
        "ubuntu:22.04",
        "--platform=$BUILDPLATFORM golang:1.22",
        "",
    ]
)
_instruction = st.one_of(
    st.builds(lambda i, n: f"FROM {i}" + (f" AS {n}" if n else ""), _images, st.sampled_from(["", "builder", "b-2"])),
    st.builds(lambda ws: "RUN " + " ".join(ws), st.lists(_words, max_size=8)),
    st.builds(lambda ws: "RUN " + " \\\n    ".join(ws), st.lists(_words, min_size=2, max_size=5)),
    st.builds(lambda ws: "RUN <<EOF\n" + " ".join(ws) + "\nEOF", st.lists(_words, max_size=5)),
    st.builds(
        lambda f, a, b: f"{f} {a} {b}",
        st.sampled_from(["COPY", "ADD", "COPY --from=builder", "COPY --chown=1:1", "ADD --checksum=sha256:00"]),
        st.sampled_from([".", "app/", "http://x/y.tgz", "*.py", '["a"]']),
        st.sampled_from(["/app", ".", "/etc/", "x"]),
    ),
    st.builds(
        lambda k, v: f"{k} {v}",
        st.sampled_from(
            [
                "ENV",
                "ARG",
                "LABEL",
                "USER",
                "WORKDIR",
                "EXPOSE",
                "SHELL",
                "CMD",
                "ENTRYPOINT",
                "HEALTHCHECK",
                "STOPSIGNAL",
                "VOLUME",
                "ONBUILD RUN",
                "MAINTAINER",
                "frob",
            ]
        ),
        st.sampled_from(
            [
                "",
                "root",
                "1000:1000",
                "A=b C=d",
                "SECRET_KEY=abc123",
                '["sh", "-c"]',
                "8080/tcp",
                "CMD curl -f http://localhost/ || exit 1",
                "NONE",
                "/data",
                "x y z",
                "$X",
            ]
        ),
    ),
    st.sampled_from(
        [
            "",
            "# comment",
            "# syntax=docker/dockerfile:1",
            "# escape=`",
            "# deploylint: ignore[DKR001]",
            "# hadolint ignore=DL3008,DL3009",
            "\t",
            "  # indented",
        ]
    ),
    st.text(max_size=30),
)
dockerfiles = st.lists(_instruction, max_size=12).map(lambda ls: "\n".join(ls) + "\n")


@_SETTINGS
@given(dockerfiles)
@example("FROM python\nRUN pip install x \\\n  && curl http://x | sh\nUSER root\n")
def test_dockerfile_structured(text: str) -> None:
    check_line_endings(text, Kind.DOCKERFILE)


@_SETTINGS
@given(st.text(max_size=300))
def test_dockerfile_raw(text: str) -> None:
    lint(text, Kind.DOCKERFILE)


# --- YAML kinds -------------------------------------------------------------------------------
_scalars = st.one_of(
    st.sampled_from(
        [
            "",
            "x",
            "on",
            "yes",
            "no",
            "null",
            "~",
            "1",
            "0o7",
            "1e3",
            "${{ github.event.issue.title }}",
            "${VAR:?err}",
            "nginx:latest",
            "8080:80",
            "127.0.0.1:5432:5432",
            "/var/run/docker.sock:/var/run/docker.sock",
            "actions/checkout@v4",
            "./local",
            "docker://alpine",
            "PASSWORD=hunter2",
            "write-all",
            "ubuntu-latest",
            "curl http://x | sh",
            "true",
            "false",
            "host",
            "privileged",
        ]
    ),
    st.integers(-5, 70000),
    st.booleans(),
    st.text(max_size=12),
)


def _tree(keys: list[str]) -> st.SearchStrategy[object]:
    return st.recursive(
        _scalars,
        lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.sampled_from(keys), kids, max_size=5)),
        max_leaves=25,
    )


_COMPOSE_KEYS = [
    "services",
    "web",
    "db",
    "image",
    "build",
    "context",
    "dockerfile",
    "ports",
    "volumes",
    "environment",
    "env_file",
    "depends_on",
    "condition",
    "healthcheck",
    "test",
    "restart",
    "privileged",
    "network_mode",
    "cap_add",
    "user",
    "deploy",
    "resources",
    "limits",
    "memory",
    "logging",
    "networks",
    "secrets",
    "configs",
    "profiles",
    "extends",
    "file",
    "service",
    "include",
    "version",
    "x-base",
    "command",
    "<<",
]
_WORKFLOW_KEYS = [
    "on",
    "push",
    "pull_request_target",
    "workflow_dispatch",
    "jobs",
    "build",
    "runs-on",
    "steps",
    "uses",
    "run",
    "with",
    "env",
    "permissions",
    "contents",
    "id-token",
    "if",
    "needs",
    "strategy",
    "matrix",
    "container",
    "services",
    "secrets",
    "name",
    "shell",
    "timeout-minutes",
    "outputs",
    "concurrency",
    "defaults",
    "working-directory",
    "continue-on-error",
    "environment",
    "token",
    "ref",
]
_ACTION_KEYS = [
    "name",
    "description",
    "inputs",
    "outputs",
    "runs",
    "using",
    "composite",
    "steps",
    "run",
    "uses",
    "shell",
    "main",
    "image",
    "args",
    "default",
    "required",
    "value",
    "branding",
    "env",
    "with",
]


def _doc(keys: list[str], top: list[str]) -> st.SearchStrategy[str]:
    body = st.dictionaries(st.sampled_from(top), _tree(keys), min_size=1, max_size=4)
    return st.builds(
        lambda d, flow: yaml.safe_dump(d, default_flow_style=flow, sort_keys=False, allow_unicode=True),
        body,
        st.booleans(),
    )


def _mutate(doc: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Valid-ish YAML, sometimes cut short, with junk spliced in, or with anchors and merges."""
    return st.one_of(
        doc,
        st.builds(lambda d, n: d[: n % (len(d) + 1)], doc, st.integers(0, 10_000)),
        st.builds(
            lambda d, j, n: d[: n % (len(d) + 1)] + j + d[n % (len(d) + 1) :],
            doc,
            st.sampled_from(
                [
                    "\t",
                    ": ",
                    "- ",
                    "&a ",
                    "*a",
                    "<<: *a\n",
                    "!!python/object:os.system ",
                    "{",
                    "]",
                    "'",
                    '"',
                    "#",
                    "\n  ",
                    "? ",
                    "|\n",
                    "%TAG ! x\n",
                ]
            ),
            st.integers(0, 10_000),
        ),
        st.builds(lambda d: "x-base: &base\n  restart: always\n" + d.replace("{}", "*base"), doc),
    )


@_SETTINGS
@given(_mutate(_doc(_COMPOSE_KEYS, ["services", "volumes", "networks", "include", "version", "x-base", "name"])))
@example("services:\n  web:\n    image: x\n    ports: ['80:80']\n    <<: *nope\n")
def test_compose_structured(text: str) -> None:
    check_line_endings(text, Kind.COMPOSE)


@_SETTINGS
@given(_mutate(_doc(_WORKFLOW_KEYS, ["on", "jobs", "permissions", "env", "name", "concurrency", "defaults"])))
@example("on: issues\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n")
def test_workflow_structured(text: str) -> None:
    check_line_endings(text, Kind.WORKFLOW)


@_SETTINGS
@given(_mutate(_doc(_ACTION_KEYS, ["name", "description", "inputs", "outputs", "runs", "branding"])))
def test_action_structured(text: str) -> None:
    check_line_endings(text, Kind.ACTION)


_DEPENDABOT_KEYS = [
    *("version", "updates", "package-ecosystem", "directory", "directories", "schedule", "interval"),
    *("cooldown", "default-days", "insecure-external-code-execution", "registries", "type", "groups"),
    *("patterns", "multi-ecosystem-groups", "multi-ecosystem-group", "ignore", "labels", "<<"),
]


@_SETTINGS
@given(_mutate(_doc(_DEPENDABOT_KEYS, ["version", "updates", "registries", "multi-ecosystem-groups"])))
def test_dependabot_structured(text: str) -> None:
    check_line_endings(text, Kind.DEPENDABOT)


@_SETTINGS
@given(st.text(max_size=300), st.sampled_from([Kind.COMPOSE, Kind.WORKFLOW, Kind.ACTION, Kind.DEPENDABOT]))
def test_yaml_kinds_raw(text: str, kind: Kind) -> None:
    lint(text, kind)


# --- nginx ------------------------------------------------------------------------------------
_ngx_args = st.sampled_from(
    [
        "",
        "on",
        "off",
        "80",
        "443 ssl http2",
        "[::]:80",
        "unix:/tmp/s",
        "$host",
        "${host}",
        "'q x'",
        '"a;b"',
        "\\;",
        "http://app:8000",
        "http://$backend",
        "/etc/passwd",
        "../../x.conf",
        "*.conf",
        "~* \\.php$",
        "= /",
        "^~ /x",
        "(a+)+$",
        "X-Frame-Options DENY always",
        "TLSv1 TLSv1.3",
        "ALL:!aNULL",
        "10m",
        "$remote_addr zone=one:10m",
    ]
)
_ngx_names = st.sampled_from(
    [
        "listen",
        "server_name",
        "root",
        "alias",
        "proxy_pass",
        "add_header",
        "include",
        "ssl_protocols",
        "ssl_ciphers",
        "server_tokens",
        "autoindex",
        "return",
        "rewrite",
        "if",
        "set",
        "limit_req_zone",
        "resolver",
        "location",
        "deny",
        "allow",
        "client_max_body_size",
        "proxy_set_header",
        "try_files",
        "error_page",
        "gzip",
        "frob",
    ]
)
_ngx_block_names = st.sampled_from(
    [
        "http",
        "server",
        "location /",
        "location ~ \\.php$",
        "upstream app",
        "events",
        "if ($x)",
        "map $a $b",
        "types",
        "location @x",
    ]
)


def _nginx_items(depth: int) -> st.SearchStrategy[str]:
    directive = st.builds(
        lambda n, a, end: f"{n} {a}{end}", _ngx_names, _ngx_args, st.sampled_from([";", ";", ";", "", " ;"])
    )
    comment = st.sampled_from(["# c", "# deploylint: ignore[NGX001]", "#"])
    if depth == 0:
        return st.one_of(directive, comment)
    block = st.builds(
        lambda n, body, close: f"{n} {{\n" + "\n".join(body) + ("\n}" if close else ""),
        _ngx_block_names,
        st.lists(_nginx_items(depth - 1), max_size=5),
        st.sampled_from([True, True, False]),
    )
    return st.one_of(directive, comment, block)


nginx_confs = st.lists(_nginx_items(3), max_size=6).map(lambda items: "\n".join(items) + "\n")


@_SETTINGS
@given(nginx_confs)
@example("http {\n  server {\n    listen 80;\n    location / { proxy_pass http://$host; }\n  }\n}\n")
def test_nginx_structured(text: str) -> None:
    check_line_endings(text, Kind.NGINX)


@_SETTINGS
@given(st.text(max_size=300))
def test_nginx_raw(text: str) -> None:
    lint(text, Kind.NGINX)


def test_crlf_backslash_line_in_heredoc_does_not_change_shellcheck() -> None:
    # found by test_dockerfile_structured: ShellCheck saw the CR of "\\\r\n" as a trailing blank
    check_line_endings("FROM python\nRUN <<000\n\\\n000\n", Kind.DOCKERFILE)
