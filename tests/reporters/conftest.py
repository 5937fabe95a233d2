"""A hand-built registry and report, so reporter tests do not depend on which rules exist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploylint.context import Context
from deploylint.engine import Artifact, Report
from deploylint.findings import Finding, Location, Severity
from deploylint.kinds import Kind
from deploylint.registry import Registry, rule
from deploylint.settings import Settings
from deploylint.source import SourceFile


def _nothing(model: Any, ctx: Context) -> Iterator[Finding]:
    return iter(())


@rule(
    id="TST001",
    name="latest-tag",
    title="Base image uses the latest tag",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    aliases=("DL3007",),
    security_severity=5.5,
)
def tst001(model: Any, ctx: Context) -> Iterator[Finding]:
    """## Why
    A moving tag makes builds irreproducible.

    ## Example
        FROM python:latest

    ## Use instead
        FROM python:3.12-slim
    """
    return _nothing(model, ctx)


@rule(
    id="TST002",
    name="port-clash",
    title="Two services publish the same host port",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("correctness",),
    precision="very-high",
)
def tst002(model: Any, ctx: Context) -> Iterator[Finding]:
    """## Why
    The second container fails to start.

    ## Example
        services:
          a: {ports: ["80:80"]}
          b: {ports: ["80:80"]}

    ## Use instead
        services:
          a: {ports: ["80:80"]}
          b: {ports: ["8080:80"]}
    """
    return _nothing(model, ctx)


@rule(
    id="TST003",
    name="style-advice",
    title="Prefer the long form",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("style", "hardening"),
)
def tst003(model: Any, ctx: Context) -> Iterator[Finding]:
    """## Why
    Easier to read.

    ## Example
        server_tokens on;

    ## Use instead
        server_tokens off;
    """
    return _nothing(model, ctx)


def fake_registry() -> Registry:
    reg = Registry()
    for r in (tst001, tst002, tst003):
        reg.add(r)
    reg.loaded_kinds = set(Kind)
    return reg


DOCKERFILE = "# build image\nFROM python:latest\nRUN pip install flask\n"
COMPOSE = "services:\n  web:\n    ports: ['80:80']\n  api:\n    ports: ['80:80']\n"
NGINX = "server {\n  listen 80;\n}\n"


class Builder:
    """Write files under a root, then make findings and a Report over them."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.registry = fake_registry()
        self.sources: dict[str, SourceFile] = {}
        self.findings: list[Finding] = []

    def file(self, rel: str, text: str, kind: Kind) -> SourceFile:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        src = SourceFile(path, text, path.as_posix())
        self.sources[rel] = src
        self._kinds = {**getattr(self, "_kinds", {}), rel: kind}
        return src

    def loc(self, rel: str, line: int, col: int, end_line: int, end_col: int, note: str | None = None) -> Location:
        return Location(self.sources[rel].display, self.sources[rel].span_lc(line, col, end_line, end_col), note)

    def add(self, rule_id: str, rel: str, span: tuple[int, int, int, int], message: str, **kw: Any) -> Finding:
        r = self.registry.rules[rule_id]
        f = Finding(
            rule_id, r.name, kw.pop("severity", r.meta.severity), message, self.loc(rel, *span), tags=r.meta.tags, **kw
        )
        self.findings.append(f)
        return f

    def report(self) -> Report:
        arts = [
            Artifact(src.path, src.display, rel, self._kinds[rel], src) for rel, src in sorted(self.sources.items())
        ]
        ordered = sorted(self.findings, key=lambda f: f.sort_key)
        return Report(ordered, arts, self.registry, Settings(), self.root)


@pytest.fixture
def builder(tmp_path: Path) -> Builder:
    return Builder(tmp_path / "repo")


@pytest.fixture
def sample(builder: Builder) -> Builder:
    """Three files, three rules, one cross-file finding."""
    b = builder
    b.file("Dockerfile", DOCKERFILE, Kind.DOCKERFILE)
    b.file("deploy/compose.yaml", COMPOSE, Kind.COMPOSE)
    b.file("nginx/nginx.conf", NGINX, Kind.NGINX)
    b.add("TST001", "Dockerfile", (2, 6, 2, 19), "Base image python uses the latest tag. Pin a version.")
    b.add(
        "TST002",
        "deploy/compose.yaml",
        (5, 14, 5, 19),
        "Host port 80 is also published by service web [web].",
        related=(b.loc("deploy/compose.yaml", 3, 14, 3, 19, note="first published here"),),
    )
    b.add("TST003", "nginx/nginx.conf", (2, 3, 2, 13), "Prefer the long form.")
    return b
