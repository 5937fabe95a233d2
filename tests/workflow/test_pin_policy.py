"""GHA009's ``[tool.deploylint.workflow] pin-policy``: typed, checked by the config loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.models.workflow_pin_policy import DEFAULT_POLICY, key_problem, parse

USES = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: my-org/deploy@v1
      - uses: docker/login-action@v3
      - uses: docker://alpine:3.20
"""


def _check(tmp_path: Path, config: str | None) -> tuple[int, str, list[tuple[str, int, int]]]:
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(USES, encoding="utf-8")
    if config is not None:
        (tmp_path / ".deploylint.toml").write_text(config, encoding="utf-8")
    args = ["check", "--no-cache", "--select", "GHA009", "--min-severity", "info", "--format", "json", str(tmp_path)]
    res = CliRunner().invoke(cli, args)
    if res.exit_code == 2:
        return 2, res.output, []
    found = [(f["rule_id"], f["line"], f["column"]) for f in json.loads(res.output)["findings"]]
    return res.exit_code, res.output, found


@pytest.mark.parametrize(
    ("config", "want"),
    [
        # default: GitHub's own actions may use tags, the rest (and images) are hash-pinned
        (None, [("GHA009", 7, 15), ("GHA009", 8, 15), ("GHA009", 9, 15)]),
        ('[workflow]\npin-policy = { "*" = "hash-pin" }\n', [("GHA009", n, 15) for n in (6, 7, 8, 9)]),
        ('[workflow]\npin-policy = { "*" = "any" }\n', []),
        # the most specific glob wins; snake_case spelling of the key works too
        (
            '[workflow]\npin_policy = { "*" = "hash-pin", "my-org/*" = "any", "docker://alpine:*" = "ref-pin" }\n',
            [("GHA009", 6, 15), ("GHA009", 8, 15)],
        ),
    ],
)
def test_pin_policy_decides_what_is_reported(
    tmp_path: Path, config: str | None, want: list[tuple[str, int, int]]
) -> None:
    code, _out, found = _check(tmp_path, config)
    assert found == want
    assert code in (0, 1)  # not a config error


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '[workflow]\npin-policy = { "*" = "hashpin" }\n',
            "workflow.pin-policy.*: Input should be 'hash-pin', 'ref-pin' or 'any'; did you mean 'hash-pin'?",
        ),
        (
            '[workflow]\npin-policy = { "my-org" = "any" }\n',
            "workflow.pin-policy.my-org: invalid glob 'my-org'",
        ),
        ('[workflow]\npin-policy = { "my-org" = "any" }\n', "did you mean 'my-org/*'?"),
        (
            '[workflow]\npin-policy = { "actions/checkout@v4" = "ref-pin" }\n',
            "did you mean 'actions/checkout'?",
        ),
        ('[workflow]\npin-policy = { "./local" = "any" }\n', "workflow.pin-policy../local: invalid glob './local'"),
        ('[workflow]\npin-policy = ["actions/*"]\n', "workflow.pin-policy: Input should be a valid dictionary"),
        ('[workflow]\npin-polcy = { "*" = "any" }\n', "unknown key 'workflow.pin-polcy'; did you mean 'pin-policy'?"),
    ],
)
def test_pin_policy_config_errors_exit_2(tmp_path: Path, config: str, message: str) -> None:
    code, out, _found = _check(tmp_path, config)
    assert code == 2
    assert message in out


def test_key_problem_accepts_every_documented_form() -> None:
    for key in ("*", "actions/*", "github/codeql-action", "github/codeql-action/init", "my-*/x?", "docker://alpine:*"):
        assert key_problem(key) is None, key
    assert key_problem("https://github.com/actions/checkout") == (
        "invalid glob 'https://github.com/actions/checkout': expected '*', 'owner/*', 'owner/repo' or "
        "'owner/repo/path' (with '*' and '?' as globs), or 'docker://' and an image; "
        "did you mean 'actions/checkout'?"
    )


def test_parse_orders_by_specificity_and_skips_what_the_loader_refuses() -> None:
    pol = parse({"*": "hash-pin", "actions/*": "ref-pin", "actions/checkout": "any", "bad": "any", "x/*": "nope"})
    assert [(r.glob, r.policy) for r in pol.rules] == [
        ("actions/checkout", "any"),
        ("actions/*", "ref-pin"),
        ("*", "hash-pin"),
    ]
    assert pol.policy_for("actions/checkout") == "any"
    assert pol.policy_for("actions/cache") == "ref-pin"
    assert pol.policy_for("other/x") == "hash-pin"
    assert parse(None) == DEFAULT_POLICY and parse({}) == DEFAULT_POLICY
    assert DEFAULT_POLICY.policy_for("github/codeql-action/init") == "ref-pin"
