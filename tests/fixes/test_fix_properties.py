"""Properties of the real fixes over generated files of each kind: applying every safe fix gives a
file that still parses, keeps every comment line, has no finding left of a rule that was fixed, and
a second ``--fix`` changes nothing.

The files are put together from fragments that real repositories are full of (legacy ``ENV k v``,
``MAINTAINER``, ``apt`` installs, ``version:`` in Compose, ``server_tokens``, ``::set-output``...),
interleaved with comment lines and clean fragments, with LF or CRLF line ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.findings import Finding
from deploylint.fix import FixRun, Policy, fix_scan
from deploylint.settings import Settings
from deploylint.testing import registry

#: a comment line the fixes must keep, numbered so that each one is checked on its own
COMMENT = "# keep-{n} note"

DOCKERFILE_HEAD = ["FROM debian:12.5 as base", "FROM node:20.11-bookworm AS app", "from python:3.12-slim as py"]
DOCKERFILE_BODY = [
    "MAINTAINER Jane Doe <jane@example.com>",
    "ENV APP_HOME /srv/app",
    "ENV PORT 8080",
    "ADD requirements.txt /srv/app/",
    "RUN apt update && apt install -y curl",
    ("RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*"),
    "RUN pip install --no-cache-dir flask==3.0.2",
    "RUN pip install flask==3.0.2",
    "WORKDIR /srv/app",
    "COPY . /srv/app",
    "EXPOSE 8080",
    "USER 1000",
    "LABEL org.opencontainers.image.title=demo",
    "EXPOSE 8080/TCP",
    "run echo built",
    "RUN wget https://example.com/tool.tgz",
]

COMPOSE_SERVICE = [
    "    image: nginx:1.27.0",
    "    restart: unless-stopped",
    '    ports:\n      - "8080:80"',
    "    environment:\n      MODE: production",
    "    logging:\n      driver: json-file",
    "    read_only: true",
]

NGINX_SERVER = [
    "        server_tokens on;",
    "        listen 443 ssl http2;",
    "        add_header X-Frame-Options DENY;",
    '        add_header X-Content-Type-Options "nosniff";',
    "        ssl_certificate /etc/ssl/site.pem;",
    "        ssl_certificate_key /etc/ssl/site.key;",
    "        root /srv/www;",
    "        ssl_ecdh_curve X25519MLKEM768:X25519;",
    "        location / {\n            try_files $uri $uri/ =404;\n        }",
]

WORKFLOW_STEP = [
    "      - uses: actions/checkout@v4",
    '      - run: echo "::set-output name=tag::v1"',
    "      - run: make test",
    "      - name: version\n        id: version\n        run: echo ::set-output name=version::$(cat VERSION)",
    '      - run: echo "done=1" >> "$GITHUB_OUTPUT"',
]


def _lines(draw: st.DrawFn, body: list[str], *, most: int) -> list[str]:
    """Fragments of ``body`` with numbered comment lines between them."""
    out: list[str] = []
    for piece in draw(st.lists(st.sampled_from(body), min_size=1, max_size=most)):
        if draw(st.booleans()):
            out.append("\x00")  # a comment goes here; numbered and indented by the caller
        out.append(piece)
    return out


def _number(lines: list[str], indent: str) -> str:
    n = 0
    out = []
    for line in lines:
        if line == "\x00":
            out.append(indent + COMMENT.format(n=n))
            n += 1
        else:
            out.append(line)
    return "\n".join(out) + "\n"


@st.composite
def dockerfiles(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(DOCKERFILE_HEAD))]
    lines += _lines(draw, DOCKERFILE_BODY, most=8)
    lines.append(draw(st.sampled_from(['CMD ["node", "server.js"]', "CMD node server.js"])))
    return _number(lines, "")


@st.composite
def composes(draw: st.DrawFn) -> str:
    lines = ['version: "3.8"'] if draw(st.booleans()) else []
    lines.append("services:")
    for i in range(draw(st.integers(1, 3))):
        lines.append(f"  svc{i}:")
        pieces = _lines(draw, COMPOSE_SERVICE, most=5)
        seen: set[str] = set()
        for piece in pieces:  # a key once per service: duplicates are a different problem
            key = piece.split(":", 1)[0]
            if piece == "\x00" or key not in seen:
                lines.append(piece)
                seen.add(key)
        if not any(p.startswith("    image:") for p in pieces):
            lines.append("    image: redis:7.2.4")
    return _number(lines, "    ")


@st.composite
def nginx_configs(draw: st.DrawFn) -> str:
    lines = ["events {}", "http {"]
    for i in range(draw(st.integers(1, 2))):
        lines.append("    server {")
        lines.append(f"        server_name s{i}.example.com;")
        lines += _lines(draw, NGINX_SERVER, most=6)
        lines.append("    }")
    lines.append("}")
    return _number(lines, "        ")


@st.composite
def workflows(draw: st.DrawFn) -> str:
    lines = ["name: ci", "on: push", "permissions:", "  contents: read", "jobs:", "  build:"]
    lines += ["    runs-on: ubuntu-24.04", "    steps:"]
    lines += _lines(draw, WORKFLOW_STEP, most=6)
    return _number(lines, "      ")


def _run(root: Path, name: str, text: str) -> tuple[FixRun, list[Finding]]:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode())
    (root / ".git").mkdir(exist_ok=True)
    run = fix_scan(Settings(root=root.resolve()), [target], Policy(), registry=registry())
    return run, run.report.findings


def _before(root: Path, name: str, text: str) -> list[Finding]:
    from deploylint.engine import Engine

    target = root / name
    return Engine(Settings(root=root.resolve()), registry(), overlay={target: text}).run([target]).findings


def _check(tmp: Path, name: str, text: str, crlf: bool) -> None:
    if crlf:
        text = text.replace("\n", "\r\n")
    run, left = _run(tmp / "once", name, text)
    fixed = (tmp / "once" / name).read_bytes().decode()
    assert not [f for f in left if f.rule_id.endswith("000")], "the fixed file no longer parses"
    assert run.withdrawn == []
    kept = [line for line in text.splitlines() if "# keep-" in line]
    assert [line for line in fixed.splitlines() if "# keep-" in line] == kept
    # line ends kept: CRLF stays CRLF (every line), LF stays LF
    assert fixed.count("\n") == fixed.count("\r\n") if crlf else "\r" not in fixed
    # every finding a safe fix was offered for is gone; what remains of a fixed rule is what had
    # no fix to begin with (CMP007 on a `logging:` without `max-size`, say)
    policy = Policy()
    assert [f.rule_id for f in left if policy.allows(f)] == []
    fixed_rules = {f.rule_id for o in run.outcomes.values() for f in o.applied}
    unfixable = sorted(f.rule_id for f in _before(tmp / "once", name, text) if f.fix is None)
    assert sorted(f.rule_id for f in left if f.rule_id in fixed_rules) == [r for r in unfixable if r in fixed_rules]
    again, _ = _run(tmp / "twice", name, fixed)
    assert (tmp / "twice" / name).read_bytes().decode() == fixed  # idempotent
    assert again.applied == 0


PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


#: each kind's generator and the name its file gets (the kind comes from the name, as for a user's file)
KINDS = {
    "dockerfile": (dockerfiles(), "Dockerfile"),
    "compose": (composes(), "compose.yaml"),
    "nginx": (nginx_configs(), "nginx.conf"),
    "workflow": (workflows(), ".github/workflows/ci.yml"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@PROFILE
@given(data=st.data(), crlf=st.booleans())
def test_safe_fixes(tmp_path_factory: pytest.TempPathFactory, kind: str, data: st.DataObject, crlf: bool) -> None:
    files, name = KINDS[kind]
    _check(tmp_path_factory.mktemp("fix"), name, data.draw(files, label=kind), crlf)
