"""The config schema's validator: every problem named by its key, values checked by type."""

from __future__ import annotations

import pytest

from deploylint.config.schema import Config, ConfigValueError, RuleConfig, section_dict, validate
from deploylint.findings import Severity
from deploylint.kinds import Kind


def _problems(raw: dict[str, object]) -> list[str]:
    with pytest.raises(ConfigValueError) as info:
        validate(Config, raw)
    return info.value.problems


def test_a_full_config_in_both_spellings() -> None:
    cfg = validate(
        Config,
        {
            "select": ["DKR", "CMP001"],
            "extend_select": ["NGX"],
            "fail-on": "info",
            "preset": "strict",
            "per-file-ignores": {"legacy/**": ["DKR001"]},
            "severity": {"DKR003": "error"},
            "rules": {"DKR001": {"enabled": False, "ignore": ["x/**"], "options": {"allow": ["a"]}}},
            "kinds": {"deploy/*.yml": "compose"},
            "profiles": {"compose.dev.yaml": "development"},
            "max-file-size": 1000,
            "jobs": 2,
            "file-timeout": 0,
            "workflow": {"pin-policy": {"*": "any"}, "test_jobs": ["qa"]},
        },
    )
    assert cfg.select == ["DKR", "CMP001"] and cfg.extend_select == ["NGX"]
    assert (cfg.fail_on, cfg.preset, cfg.preview, cfg.respect_gitignore) == ("info", "strict", False, True)
    assert cfg.severity == {"DKR003": Severity.ERROR}
    assert cfg.rules == {"DKR001": RuleConfig(enabled=False, ignore=["x/**"], options={"allow": ["a"]})}
    assert cfg.kinds == {"deploy/*.yml": Kind.COMPOSE}
    assert (cfg.max_file_size, cfg.jobs, cfg.file_timeout) == (1000, 2, 0)
    assert (cfg.workflow.pin_policy, cfg.workflow.test_jobs) == ({"*": "any"}, ["qa"])


def test_defaults_when_empty() -> None:
    assert validate(Config, {}) == Config()


def test_every_problem_is_reported_with_its_key() -> None:
    assert _problems(
        {
            "selct": ["DKR"],
            "fail-on": "sometimes",
            "preview": "yes",
            "jobs": 0,
            "max-file-size": -1,
            "file-timeout": "1s",
            "select": "DKR",
            "severity": {"DKR001": "fatal"},
            "rules": {"DKR001": {"severty": "error", "enabled": 1}},
            "kinds": {"x": "helm"},
            "profiles": {"a": "prod"},
            "exclude": ["ok", 3],
        }
    ) == [
        "unknown key 'selct'; did you mean 'select'?",
        "fail-on: Input should be 'error', 'warning', 'info' or 'never'",
        "preview: Input should be a valid boolean",
        "jobs: Input should be greater than or equal to 1",
        "max-file-size: Input should be greater than 0",
        "file-timeout: Input should be a valid number",
        "select: Input should be a valid list",
        "severity.DKR001: Input should be 'info', 'warning' or 'error'",
        "unknown key 'rules.DKR001.severty'; did you mean 'severity'?",
        "rules.DKR001.enabled: Input should be a valid boolean",
        "kinds.x: Input should be 'dockerfile', 'compose', 'nginx', 'workflow', 'action', 'dependabot', 'ecs', 'pm2', 'project' or 'core'",
        "profiles.a: Input should be 'production' or 'development'",
        "exclude.1: Input should be a valid string",
    ]


def test_null_is_accepted_where_the_key_is_optional_only() -> None:
    assert validate(Config, {"select": None, "fail-on": None}).select is None
    assert _problems({"preset": None}) == ["preset: Input should be 'default' or 'strict'"]
    assert _problems({"fail-on": "never", "fail_on": "info"}) == ["fail_on: given twice"]
    assert _problems({"rules": {"DKR001": "off"}}) == ["rules.DKR001: Input should be a valid dictionary"]


def test_typos_get_the_closest_key() -> None:
    assert _problems(
        {
            "selct": ["DKR"],
            "extend_select": [],
            "fail_onn": "error",
            "rules": {"DKR001": {"severty": "error"}},
            "workflow": {"pin-polcy": {}, "deploy_comands": [], "unrelated": 1},
            "nginx": {"prefx": "etc"},
            "compose": {"profile": "production"},
        }
    ) == [
        "unknown key 'selct'; did you mean 'select'?",
        "unknown key 'fail_onn'; did you mean 'fail_on'?",
        "unknown key 'rules.DKR001.severty'; did you mean 'severity'?",
        "unknown key 'workflow.pin-polcy'; did you mean 'pin-policy'?",
        "unknown key 'workflow.deploy_comands'; did you mean 'deploy_commands'?",
        "unknown key 'workflow.unrelated'",
        "unknown key 'nginx.prefx'; did you mean 'prefix'?",
        "unknown key 'compose.profile'",
    ]


def test_a_bad_choice_gets_a_did_you_mean() -> None:
    assert _problems({"workflow": {"pin-policy": {"*": "anyy"}}}) == [
        "workflow.pin-policy.*: Input should be 'hash-pin', 'ref-pin' or 'any'; did you mean 'any'?",
    ]


def test_per_kind_sections_are_typed() -> None:
    assert _problems({"workflow": {"pin-policy": {"*": "hash_pin"}, "scanners": "trivy"}}) == [
        "workflow.pin-policy.*: Input should be 'hash-pin', 'ref-pin' or 'any'; did you mean 'hash-pin'?",
        "workflow.scanners: Input should be a valid list",
    ]
    cfg = validate(Config, {"workflow": {"deploy_actions": ["o/a"]}, "nginx": {"prefix": "etc/nginx"}})
    assert section_dict(cfg.workflow) == {"deploy-actions": ["o/a"]}
    assert section_dict(cfg.nginx) == {"prefix": "etc/nginx"}
    assert section_dict(cfg.compose) == {}


def test_numbers_are_checked_strictly() -> None:
    assert _problems({"jobs": 1.5}) == ["jobs: Input should be a valid integer"]
    assert _problems({"jobs": True}) == ["jobs: Input should be a valid integer"]
    assert _problems({"jobs": "2"}) == ["jobs: Input should be a valid integer"]
    assert _problems({"file-timeout": False}) == ["file-timeout: Input should be a valid number"]
    assert validate(Config, {"jobs": 2}).jobs == 2
    assert validate(Config, {"file-timeout": 2}).file_timeout == 2
    assert validate(Config, {"file-timeout": 2.5}).file_timeout == 2.5


def test_rule_options_pass_through_as_written() -> None:
    cfg = validate(Config, {"rules": {"DKR001": {"options": {"a": [1, {"b": None}]}}}})
    assert cfg.rules["DKR001"].options == {"a": [1, {"b": None}]}
