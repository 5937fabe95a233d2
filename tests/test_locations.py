"""A finding is reported in the file its value is written in, whichever file is being checked.

Every span a parser makes names its file, and ``ctx.finding(node, message)`` reports there: a
rule has no way to name the wrong file. These tests run every rule over projects whose offending
values live in another file than the one being checked (a Compose override, an nginx include),
and two rules written the way CONTRIBUTING shows, and assert each finding's file and position.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deploylint.context import Context
from deploylint.engine import Engine
from deploylint.findings import Finding, Location, Severity
from deploylint.kinds import Kind
from deploylint.models.compose import ComposeFile
from deploylint.models.nginx import NginxConfig
from deploylint.models.workflow import Workflow
from deploylint.registry import Registry, rule
from deploylint.settings import Settings
from deploylint.source import SourceFile, Span

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@rule(
    id="TST901",
    name="network-mode-host",
    title="test: network_mode: host",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
)
def network_mode_host(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """A rule as CONTRIBUTING shows one: it reports the value it found, naming no file."""
    for svc in model.services:
        if svc.network_mode is not None and svc.network_mode.value == "host":
            yield ctx.finding(svc.network_mode, f"service {svc.name.value!r} uses the host network")


@rule(id="TST902", name="autoindex-on", title="test: autoindex on", kind=Kind.NGINX, severity=Severity.WARNING)
def autoindex_on(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """The same for nginx: every ``autoindex on`` of the tree (included files too)."""
    for d in conf.all("autoindex"):
        if d.arg(0) == "on":
            yield ctx.finding(d, "autoindex lists folders")


def _registry() -> Registry:
    reg = Registry.discover()
    reg.add(network_mode_host)
    reg.add(autoindex_on)
    return reg


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def _found(root: Path, **settings: Any) -> set[tuple[str, str, int, int]]:
    """(rule id, file relative to ``root``, line, column) of every finding of every rule."""
    report = Engine(Settings(root=root, fail_on=None, jobs=1, **settings), _registry()).run([root])
    return {
        (
            f.rule_id,
            Path(f.location.path).resolve().relative_to(root).as_posix(),
            f.location.span.start_line,
            f.location.span.start_col,
        )
        for f in report.findings
    }


COMPOSE = """\
services:
  web:
    image: nginx:1.25.3
    ports:
      - "8080:80"
"""
OVERRIDE = """\
services:
  web:
    privileged: true
    network_mode: host
    environment:
      DB_PASSWORD: hunter2hunter2
"""


def test_compose_values_from_the_override_are_reported_in_the_override(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    _write(root, {"compose.yaml": COMPOSE, "compose.override.yaml": OVERRIDE})
    # the override file name says "development"; judged as production, its values are findings
    got = _found(root, profiles={"compose.override.yaml": "production"})
    assert {f for f in got if f[1] == "compose.override.yaml"} == {
        ("CMP013", "compose.override.yaml", 3, 17),  # privileged: true
        ("CMP013", "compose.override.yaml", 4, 19),  # network_mode: host
        ("TST901", "compose.override.yaml", 4, 19),
        ("CMP008", "compose.override.yaml", 6, 20),  # DB_PASSWORD
    }
    # what the base file itself says (no restart policy, the port...) stays in the base file
    assert {f for f in got if f[1] == "compose.yaml"} == {
        ("CMP002", "compose.yaml", 2, 3),
        ("CMP003", "compose.yaml", 2, 3),
        ("CMP004", "compose.yaml", 2, 3),
        ("CMP007", "compose.yaml", 2, 3),
        ("CMP014", "compose.yaml", 2, 3),
        ("CMP015", "compose.yaml", 2, 3),
        ("CMP016", "compose.yaml", 2, 3),
        ("CMP017", "compose.yaml", 3, 12),
        ("CMP018", "compose.yaml", 5, 9),
    }


def test_compose_values_from_an_extends_file_are_reported_there(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    _write(
        root,
        {
            "compose.yaml": "services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n",
            "common.yaml": "services:\n  base:\n    image: nginx:1.25.3\n    network_mode: host\n",
        },
    )
    got = _found(root, select=["TST901"])
    assert got == {("TST901", "common.yaml", 4, 19)}


NGINX = """\
events {}
http {
    server_tokens off;
    include conf.d/*.conf;
}
"""
SITE = """\
server {
    listen 443 ssl;
    server_name example.com;
    ssl_certificate /etc/ssl/example.pem;
    ssl_certificate_key /etc/ssl/example.key;
    ssl_protocols TLSv1 TLSv1.2;
    location / {
        autoindex on;
    }
}
"""


def test_nginx_directives_of_an_included_file_are_reported_in_that_file(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    _write(root, {"nginx/nginx.conf": NGINX, "nginx/conf.d/site.conf": SITE})
    got = _found(root, select=["NGX", "TST902"])
    assert ("NGX005", "nginx/conf.d/site.conf", 6, 19) in got  # ssl_protocols TLSv1
    assert ("TST902", "nginx/conf.d/site.conf", 8, 9) in got
    # nothing written in site.conf is reported in nginx.conf
    assert {f for f in got if f[1] == "nginx/nginx.conf"} == set()


# ------------------------------------------------------------------------ every span has a file
def _spans(obj: object, seen: set[int]) -> Iterator[tuple[str, Span]]:
    """Every Span reachable from ``obj`` through record fields and containers, with its path."""
    stack: list[tuple[str, object]] = [("model", obj)]
    while stack:
        path, o = stack.pop()
        if isinstance(o, str | int | float | bool | bytes | Path | SourceFile) or o is None or id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, Span):
            yield path, o
        elif isinstance(o, dict):
            stack += [(f"{path}[{k!r}]", v) for k, v in o.items()]
        elif isinstance(o, list | tuple | set | frozenset):
            stack += [(f"{path}[{i}]", v) for i, v in enumerate(o)]
        elif dataclasses.is_dataclass(o):
            stack += [(f"{path}.{f.name}", getattr(o, f.name, None)) for f in dataclasses.fields(o)]


def test_every_span_of_the_fixtures_models_names_its_file() -> None:
    report = Engine(Settings(root=FIXTURES, fail_on=None, jobs=1), Registry.discover()).run([FIXTURES])
    kinds: set[Kind] = set()
    total = 0
    missing = []
    seen: set[int] = set()
    for art in report.artifacts:
        if art.parsed is None:
            continue
        kinds.add(art.kind)
        for path, span in _spans(art.parsed, seen):
            total += 1
            if span.file is None:
                missing.append(f"{art.display}: {path}")
    assert missing == []
    assert total > 1000
    assert kinds >= {Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW}


def test_a_span_is_pickled_without_its_file() -> None:
    import pickle

    src = SourceFile(Path("Dockerfile"), "FROM alpine\n" * 1000)
    span = src.span(5, 11)
    assert span.file is src
    back = pickle.loads(pickle.dumps(span))
    assert back == span and back.file is None
    assert len(pickle.dumps(span)) < 100


def test_a_span_reports_in_its_file_and_one_made_by_hand_in_the_checked_file() -> None:
    src = SourceFile(Path("compose.yaml"), "services: {}\n", "compose.yaml")
    ctx = Context(rule=network_mode_host, source=src, options=None, settings=Settings())
    other = SourceFile(Path("other.yaml"), "x: 1\n", "other.yaml")
    assert ctx.finding(other.span(3, 4), "m").location == Location("other.yaml", Span(1, 4, 1, 5, 3, 4))
    assert ctx.finding(Span(1, 1, 1, 2, 0, 1), "m").location.path == "compose.yaml"


@rule(id="TST903", name="self-hosted", title="test: self-hosted runner", kind=Kind.WORKFLOW, severity=Severity.WARNING)
def self_hosted(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """The same for workflows: every ``runs-on: self-hosted`` label of every job."""
    for job in wf.jobs:
        for label in job.runs_on:
            if label.value == "self-hosted":
                yield ctx.finding(label, "job runs on a self-hosted runner")


CALLER = """\
on: push
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
  local:
    runs-on: self-hosted
    steps:
      - run: make
"""
REUSABLE = """\
on:
  workflow_call:
jobs:
  build:
    runs-on: [linux, self-hosted]
    steps:
      - run: make
"""


def test_findings_of_a_reusable_workflow_are_reported_in_it_and_the_callers_in_the_caller(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    _write(root, {".github/workflows/ci.yml": CALLER, ".github/workflows/reusable.yml": REUSABLE})
    reg = _registry()
    reg.add(self_hosted)
    report = Engine(Settings(root=root, fail_on=None, jobs=1, select=["TST903"]), reg).run([root])
    got = {
        (
            Path(f.location.path).resolve().relative_to(root).as_posix(),
            f.location.span.start_line,
            f.location.span.start_col,
        )
        for f in report.findings
        if f.rule_id == "TST903"
    }
    # each label where it is written: the called workflow's in reusable.yml, the caller's own in ci.yml
    assert got == {(".github/workflows/reusable.yml", 5, 22), (".github/workflows/ci.yml", 6, 14)}
