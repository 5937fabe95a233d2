"""Dockerfile fixes that depend on the build context on disk: DKR004's ``npm ci`` when a wildcard
or whole-context COPY brings the lockfile, and DKR064's yarn fix when a copied context holds a
``.yarnrc.yml`` (Yarn 2+)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.fix import Policy, fix_scan
from deploylint.settings import Settings
from deploylint.testing import registry

DOCKERFILE = "FROM node:20-slim\nWORKDIR /app\nCOPY {src} ./\nRUN npm install\n"


def _fixed(tmp: Path, rule_id: str, files: dict[str, str]) -> str:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / ".git").mkdir()
    for name, text in files.items():
        (tmp / name).write_text(text)
    settings = Settings(select=[rule_id], root=tmp.resolve())
    fix_scan(settings, [tmp / "Dockerfile"], Policy(unsafe=True), registry=registry())
    return (tmp / "Dockerfile").read_text()


@pytest.mark.parametrize("src", ["package*.json", ".", "*"])
def test_npm_ci_when_the_context_holds_the_lockfile(tmp_path: Path, src: str) -> None:
    files = {"Dockerfile": DOCKERFILE.format(src=src), "package.json": "{}", "package-lock.json": "{}"}
    assert _fixed(tmp_path, "DKR004", files).endswith("RUN npm ci\n")


@pytest.mark.parametrize(
    "extra",
    [{}, {".dockerignore": "package-lock.json\n"}],
    ids=["no lockfile", "lockfile ignored"],
)
def test_no_npm_ci_when_the_context_lacks_the_lockfile(tmp_path: Path, extra: dict[str, str]) -> None:
    files = {"Dockerfile": DOCKERFILE.format(src="package*.json"), "package.json": "{}"}
    if extra:
        files["package-lock.json"] = "{}"
    files |= extra
    assert _fixed(tmp_path, "DKR004", files).endswith("RUN npm install\n")


def test_no_yarn_cache_clean_when_the_copied_context_has_a_yarnrc_yml(tmp_path: Path) -> None:
    dockerfile = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install\n"
    plain = _fixed(tmp_path / "v1", "DKR064", {"Dockerfile": dockerfile})
    assert plain.endswith("RUN yarn install && yarn cache clean\n")
    berry = _fixed(tmp_path / "berry", "DKR064", {"Dockerfile": dockerfile, ".yarnrc.yml": "nodeLinker: pnp\n"})
    assert berry == dockerfile
