"""One truthiness per format (deploylint/truth.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.models.tree import YMap, YNode
from deploylint.parsers._yaml import load_yaml
from deploylint.source import SourceFile
from deploylint.truth import (
    action_input_bool,
    actions_true,
    ci_detected,
    compose_bool,
    compose_node_bool,
    env_flag,
    js_true,
    yaml_bool,
)


def _value(text: str) -> YNode | None:
    root = load_yaml(SourceFile(Path("x.yml"), f"k: {text}\n")).root
    assert isinstance(root, YMap)
    return root.get("k")


@pytest.mark.parametrize(
    ("text", "plain", "want"),
    [
        ("true", True, True),
        ("TRUE", True, True),
        ("False", True, False),
        ("tRue", True, None),
        ("yes", True, None),
        ("on", True, None),
        ("true", False, None),
    ],
)
def test_yaml_bool_is_yaml_1_2_core(text: str, plain: bool, want: bool | None) -> None:
    assert yaml_bool(text, plain=plain) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [(" true ", True), ("TRUE", True), ("False", False), ("yes", None), ("1", None), ("", None)],
)
def test_action_input_bool_is_get_boolean_input(text: str, want: bool | None) -> None:
    assert action_input_bool(text) is want


@pytest.mark.parametrize(("text", "want"), [("true", True), ("tRuE", True), ("FALSE", False), ("yes", None)])
def test_compose_bool(text: str, want: bool | None) -> None:
    assert compose_bool(text) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1", True),
        ("Yes", True),
        ("'on'", True),
        ("y", True),
        ("0", False),
        ("", False),
        ("n", False),
        ("OFF", False),
        ("maybe", None),
    ],
)
def test_env_flag(text: str, want: bool | None) -> None:
    assert env_flag(text) is want
    assert env_flag(None) is None


@pytest.mark.parametrize(
    ("value", "want"),
    [(None, False), ("", False), ("false", False), ("FALSE", False), ("1", True), ("true", True), ("woodpecker", True)],
)
def test_ci_detected_reads_ci_as_ci_info(value: str | None, want: bool) -> None:
    assert ci_detected(value) is want


@pytest.mark.parametrize(
    ("text", "actions", "compose", "js"),
    [
        ("true", True, True, True),
        ('"true"', False, True, False),
        ("${{ inputs.bg }}", True, None, False),
        ("yes", False, None, False),
        ("false", False, False, False),
        ("~", False, None, False),
    ],
)
def test_node_readings(text: str, actions: bool, compose: bool | None, js: bool) -> None:
    node = _value(text)
    assert actions_true(node) is actions
    assert compose_node_bool(node) is compose
    assert js_true(node) is js
