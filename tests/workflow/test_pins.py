"""Pinning actions (GHA009's fix and deploylint.pins): resolution through a fake GitHub API, the
refs cache, the --online pass, and what is never pinned. No test touches the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from deploylint import pins
from deploylint.cli import cli
from deploylint.fix import Policy, fix_scan
from deploylint.settings import Settings

SHA = "a" * 40
OLD = "b" * 40
TAG_OBJ = "c" * 40
NESTED_OBJ = "d" * 40


def _api(responses: dict[str, Any]) -> tuple[pins.Fetch, list[str]]:
    asked: list[str] = []

    def fetch(path: str) -> Any:
        asked.append(path)
        return responses.get(path)

    return fetch, asked


def test_a_major_tag_resolves_to_its_commit_and_the_fullest_tag_there() -> None:
    base = "/repos/docker/login-action/git"
    fetch, asked = _api(
        {
            f"{base}/ref/tags/v3": {"ref": "refs/tags/v3", "object": {"type": "tag", "sha": TAG_OBJ}},
            f"{base}/tags/{TAG_OBJ}": {"object": {"type": "commit", "sha": SHA}},
            f"{base}/matching-refs/tags/v3.": [
                {"ref": "refs/tags/v3.1", "object": {"type": "commit", "sha": SHA}},
                {"ref": "refs/tags/v3.3.0", "object": {"type": "tag", "sha": NESTED_OBJ}},
                {"ref": "refs/tags/v3.10.0", "object": {"type": "commit", "sha": OLD}},
                {"ref": "refs/tags/v3.3.0-rc1", "object": {"type": "commit", "sha": SHA}},
            ],
            f"{base}/tags/{NESTED_OBJ}": {"object": {"type": "commit", "sha": SHA}},
        }
    )
    assert pins.GitHubResolver(fetch)("docker", "login-action", "v3") == pins.Pin(SHA, "v3.3.0", "tag")
    # v3.10.0 (newest, another commit) is tried first and needs no request; v3.3.0 is annotated
    assert asked == [
        f"{base}/ref/tags/v3",
        f"{base}/tags/{TAG_OBJ}",
        f"{base}/matching-refs/tags/v3.",
        f"{base}/tags/{NESTED_OBJ}",
    ]


def test_a_full_tag_keeps_its_name_and_a_branch_is_marked_as_one() -> None:
    base = "/repos/o/r/git"
    fetch, _ = _api(
        {
            f"{base}/ref/tags/v1.2.3": {"object": {"type": "commit", "sha": SHA}},
            f"{base}/matching-refs/tags/v1.2.3.": [],
            f"{base}/ref/heads/main": {"object": {"type": "commit", "sha": OLD}},
        }
    )
    resolve = pins.GitHubResolver(fetch)
    assert resolve("o", "r", "v1.2.3") == pins.Pin(SHA, "v1.2.3", "tag")
    assert resolve("o", "r", "main") == pins.Pin(OLD, "main", "branch")
    assert resolve("o", "r", "v9") is None
    assert resolve("o", "r", "../../user") is None  # never sent: not a ref


def test_the_cache_round_trips_and_skips_malformed_entries(tmp_path: Path) -> None:
    path = tmp_path / "refs.json"
    pins.save(path, {"o/r@v1": pins.Pin(SHA, "v1.0.2")})
    pins.save(path, {"o/s@main": pins.Pin(OLD, "main", "branch")})
    assert json.loads(path.read_text()) == {
        "version": 1,
        "refs": {
            "o/r@v1": {"sha": SHA, "version": "v1.0.2", "kind": "tag"},
            "o/s@main": {"sha": OLD, "version": "main", "kind": "branch"},
        },
    }
    data = json.loads(path.read_text())
    data["refs"]["o/t@v1"] = {"sha": "not-a-sha", "version": "v1"}
    data["refs"]["o/u@v1"] = {"sha": SHA, "version": "v1\n# injected"}
    path.write_text(json.dumps(data))
    assert sorted(pins.load(path)) == ["o/r@v1", "o/s@main"]
    path.write_text('{"version": 2, "refs": {}}')
    assert pins.load(path) == {}


WORKFLOW = """on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
      - uses: some/tool@main
      - {uses: other/tool@v2, with: {a: b}}
"""


def _project(tmp: Path) -> Path:
    (tmp / ".git").mkdir()
    wf = tmp / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(WORKFLOW)
    return wf


def test_online_resolves_what_gha009_names_and_the_fix_then_pins(tmp_path: Path) -> None:
    wf = _project(tmp_path)
    asked: list[tuple[str, str, str]] = []

    def resolver(owner: str, repo: str, ref: str) -> pins.Pin | None:
        asked.append((owner, repo, ref))
        return {"v3": pins.Pin(SHA, "v3.3.0"), "v2": pins.Pin(OLD, "v2.0.1"), "main": pins.Pin(OLD, "main", "branch")}[
            ref
        ]

    cache = tmp_path / ".deploylint_cache/refs.json"
    settings = Settings(root=tmp_path.resolve())
    done = pins.refresh(settings, [tmp_path], cache, resolver=resolver)
    assert asked == [("docker", "login-action", "v3"), ("other", "tool", "v2"), ("some", "tool", "main")]
    assert sorted(done.resolved) == ["docker/login-action@v3", "other/tool@v2", "some/tool@main"]
    run = fix_scan(Settings(select=["GHA009"], root=tmp_path.resolve()), [tmp_path], Policy(unsafe=True))
    assert wf.read_text() == WORKFLOW.replace("docker/login-action@v3", f"docker/login-action@{SHA} # v3.3.0")
    left = {f.location.span.start_line: f for f in run.report.findings if f.rule_id == "GHA009"}
    assert sorted(left) == [7, 8]
    assert [r.note for r in left[7].related] == ["no fix: 'main' is a branch; pin the commit of a release tag instead"]
    assert left[8].fix is None and left[8].related == ()  # a comment would swallow the rest of the flow mapping


def test_without_online_nothing_is_resolved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)

    def no_network(*_a: object) -> None:
        raise AssertionError("resolved without --online")

    monkeypatch.setattr(pins, "GitHubResolver", no_network)
    monkeypatch.delenv(pins.REFS_ENV, raising=False)
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--select", "GHA009", "--diff", "--unsafe-fixes"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert not (tmp_path / ".deploylint_cache").exists()


def test_the_online_flag_fills_the_cache_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    cache = tmp_path / "elsewhere/refs.json"
    monkeypatch.setenv(pins.REFS_ENV, str(cache))
    monkeypatch.setattr(
        pins, "GitHubResolver", lambda: lambda o, r, ref: pins.Pin(SHA, "v3.3.0") if ref == "v3" else None
    )
    result = CliRunner().invoke(
        cli, ["check", str(tmp_path), "--select", "GHA009", "--online", "--diff", "--unsafe-fixes"]
    )
    assert result.exit_code == 1
    assert f"+      - uses: docker/login-action@{SHA} # v3.3.0\n" in result.stdout
    assert sorted(pins.load(cache)) == ["docker/login-action@v3"]
    assert "some/tool@main: no such tag or branch on GitHub; not pinned" in result.stderr
