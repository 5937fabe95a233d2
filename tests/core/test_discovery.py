from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from deploylint.discovery import discover, find_root
from deploylint.kinds import Kind, classify, glob_match, sniff
from deploylint.settings import Settings


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Dockerfile", Kind.DOCKERFILE),
        ("Dockerfile.prod", Kind.DOCKERFILE),
        ("api.Dockerfile", Kind.DOCKERFILE),
        ("Containerfile", Kind.DOCKERFILE),
        ("build/app.containerfile", Kind.DOCKERFILE),
        ("compose.yaml", Kind.COMPOSE),
        ("compose.prod.yml", Kind.COMPOSE),
        ("docker-compose.override.yml", Kind.COMPOSE),
        ("deploy/nginx.conf", Kind.NGINX),
        ("nginx/site.conf", Kind.NGINX),
        ("etc/conf.d/x.conf", Kind.NGINX),
        ("templates/default.conf.template", Kind.NGINX),
        (".github/workflows/ci.yml", Kind.WORKFLOW),
        ("sub/.github/workflows/ci.yaml", Kind.WORKFLOW),
        ("action.yml", Kind.ACTION),
        (".github/actions/setup/action.yaml", Kind.ACTION),
        ("values.yaml", None),
        ("app.conf", None),
        ("README.md", None),
    ],
)
def test_classify(path: str, kind: Kind | None) -> None:
    assert classify(PurePosixPath(path)) is kind


def test_sniff_explicit_files() -> None:
    assert sniff(PurePosixPath("stack.yml"), "version: '3'\nservices:\n  a: {}\n") is Kind.COMPOSE
    assert sniff(PurePosixPath("pipeline.yml"), "on: push\njobs:\n  a: {}\n") is Kind.WORKFLOW
    assert sniff(PurePosixPath("site.conf"), "server {\n listen 80;\n}\n") is Kind.NGINX
    assert sniff(PurePosixPath("app.conf"), "[section]\nkey=value\n") is None


@pytest.mark.parametrize(
    ("rel", "pattern", "hit"),
    [
        ("a/b/Dockerfile", "Dockerfile", True),
        ("a/b/Dockerfile", "a/**", True),
        ("a/b/Dockerfile", "b/**", False),
        ("tests/fixtures/x/compose.yaml", "**/fixtures/**", True),
        ("x/node_modules/y/Dockerfile", "node_modules", True),
        ("src/app.Dockerfile", "*.Dockerfile", True),
    ],
)
def test_glob_match(rel: str, pattern: str, hit: bool) -> None:
    assert glob_match(rel, pattern) is hit


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_walk_skips_vendored_gitignored_and_excluded(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.tmp.Dockerfile\n",
            "Dockerfile": "",
            "node_modules/x/Dockerfile": "",
            "vendor/Dockerfile": "",
            ".git/Dockerfile": "",
            "build/Dockerfile": "",
            "a.tmp.Dockerfile": "",
            "svc/.gitignore": "local/\n",
            "svc/local/Dockerfile": "",
            "svc/Dockerfile": "",
            "docs/Dockerfile": "",
        },
    )
    settings = Settings(exclude=["docs/"])
    found = discover([tmp_path], settings, tmp_path.resolve())
    assert [t.path.relative_to(tmp_path).as_posix() for t in found.targets] == ["Dockerfile", "svc/Dockerfile"]
    settings = Settings(respect_gitignore=False)
    found = discover([tmp_path], settings, tmp_path.resolve())
    rels = {t.path.relative_to(tmp_path).as_posix() for t in found.targets}
    assert {"build/Dockerfile", "a.tmp.Dockerfile", "svc/local/Dockerfile"} <= rels


def test_explicit_files_always_linted(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*\n", "weird.txt": "FROM x\n", "Dockerfile": ""})
    found = discover([tmp_path / "weird.txt", tmp_path / "Dockerfile"], Settings(), tmp_path.resolve())
    assert [(t.path.name, t.kind, t.explicit) for t in found.targets] == [
        ("weird.txt", None, True),
        ("Dockerfile", Kind.DOCKERFILE, True),
    ]


def test_symlinks_out_of_root_and_loops_are_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    repo = tmp_path / "repo"
    _tree(outside, {"Dockerfile": "FROM x\n"})
    _tree(repo, {"ok/Dockerfile": ""})
    os.symlink(outside / "Dockerfile", repo / "Dockerfile")
    os.symlink(outside, repo / "linked")
    os.symlink(repo / "loop", repo / "loop")
    found = discover([repo], Settings(), repo.resolve())
    assert [t.path.relative_to(repo).as_posix() for t in found.targets] == ["ok/Dockerfile"]
    reasons = {Path(s.display).name: s.reason for s in found.skipped}
    assert "outside the scanned root" in reasons["Dockerfile"]
    assert "outside the scanned root" in reasons["linked"]
    assert "loop" in reasons["loop"]


def test_find_root(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "repo" / "a" / "b") == (tmp_path / "repo").resolve()
