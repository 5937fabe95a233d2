"""Peers' suppression syntaxes reach the issue-9 rules through their aliases."""

from __future__ import annotations

import json

from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import lint_text

CASING = "FROM golang:1.22 as Build\n"


def test_rules_fire_without_directive() -> None:
    assert lint_text(CASING, Kind.DOCKERFILE, select=["DKR025", "DKR039"]) == [("DKR025", 1, 21), ("DKR039", 1, 18)]


def test_check_skip_names_buildkit_checks() -> None:
    text = "# check=skip=StageNameCasing\n" + CASING
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR025", "DKR039"]) == [("DKR039", 2, 18)]


def test_check_skip_with_error_and_list() -> None:
    text = "# check=error=true;skip=FromAsCasing,StageNameCasing\n" + CASING
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR025", "DKR039"]) == []


def test_check_skip_all_spares_non_buildkit_rules() -> None:
    text = "# check=skip=all\nFROM golang:1.22 as Build\nWORKDIR app\nMAINTAINER me\nADD a.txt /a\n"
    # DKR016/DKR017 carry BuildKit aliases (WorkdirRelativePath, MaintainerDeprecated); DKR032 does not
    got = lint_text(text, Kind.DOCKERFILE, select=["DKR016", "DKR017", "DKR025", "DKR032", "DKR039"])
    assert got == [("DKR032", 5, 1)]


def test_hadolint_pragma_through_dl_alias() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR app\nWORKDIR lib\n"
    assert lint_text("FROM alpine:3.20\nWORKDIR app\n", Kind.DOCKERFILE, select=["DL3000"]) == [("DKR016", 2, 9)]
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR016"]) == [("DKR016", 4, 9)]


def test_trivy_and_checkov_ids() -> None:
    text = "FROM ubuntu:24.04\n# trivy:ignore:DS-0004\nEXPOSE 22\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR046"]) == []
    text = "# checkov:skip=CKV_DOCKER_1\nFROM ubuntu:24.04\nEXPOSE 22\n"
    assert lint_text(text, Kind.DOCKERFILE, select=["DKR046"]) == []


def test_ignore_pragma_rule_is_off_by_default() -> None:
    text = "FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR app\n"
    assert not [t for t in lint_text(text, Kind.DOCKERFILE, settings=Settings()) if t[0] == "DKR049"]
    assert lint_text(text, Kind.DOCKERFILE, select=["DL1001"]) == [("DKR049", 2, 1)]


def test_rules_json_lists_dl_aliases() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    rows = data["rules"] if isinstance(data, dict) else data
    aliases = {a: r["id"] for r in rows for a in r.get("aliases", [])}
    assert aliases["DL3000"] == "DKR016"
    assert aliases["WorkdirRelativePath"] == "DKR016"
    assert aliases["DL3022"] == "DKR021"
    assert aliases["DL1001"] == "DKR049"
