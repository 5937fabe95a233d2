"""A .hadolint.yaml is understood: its keys map onto ours through rule aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.config.hadolint import find_hadolint, map_hadolint
from deploylint.config.loader import ConfigError, load_settings
from deploylint.engine import Engine
from deploylint.findings import Severity
from deploylint.testing import registry


def _known(code: str) -> bool:
    return registry().get(code) is not None


def test_mapping_of_every_key() -> None:
    data = {
        "ignored": ["DL3008", "SC2086", "DL3049"],
        "override": {"error": ["DL3015"], "style": ["DL3059"], "info": "DL4006", "bogus": ["DL3003"]},
        "failure-threshold": "style",
        "trustedRegistries": ["docker.io", "*.gcr.io"],
        "disable-ignore-pragma": True,
        "format": "tty",
        "label-schema": {"author": "text"},
    }
    raw, no_ignores = map_hadolint(data, _known)
    assert raw == {
        "ignore": ["DL3008", "DL3049"],
        "severity": {"DL3015": "error", "DL3059": "info", "DL4006": "info"},
        "fail-on": "info",
        "rules": {"DL3026": {"options": {"trusted-registries": ["docker.io", "*.gcr.io"]}}},
        "dockerfile": {"required-labels": {"author": "text"}},
    }
    assert no_ignores is True


def test_label_schema_maps_to_required_labels() -> None:
    data = {"label-schema": {"source": "url", "odd": "colour"}, "strict-labels": True}
    raw, _ = map_hadolint(data, _known)
    assert raw == {"dockerfile": {"required-labels": {"source": "url"}, "strict-labels": True}}


@pytest.mark.parametrize(
    ("threshold", "fail_on"), [("error", "error"), ("warning", "warning"), ("info", "info"), ("none", "never")]
)
def test_failure_threshold(threshold: str, fail_on: str) -> None:
    assert map_hadolint({"failure-threshold": threshold}, _known)[0] == {"fail-on": fail_on}


def test_opt_in_rules_are_switched_on_by_override() -> None:
    raw, _ = map_hadolint({"override": {"warning": ["DL1001"]}, "no-fail": True}, _known)
    assert raw == {"severity": {"DL1001": "warning"}, "extend-select": ["DL1001"], "fail-on": "never"}


def test_trusted_registries_as_a_string() -> None:
    raw, _ = map_hadolint({"trustedRegistries": "registry.example.com"}, _known)
    assert raw["rules"]["DL3026"]["options"]["trusted-registries"] == ["registry.example.com"]


def _project(tmp_path: Path, hadolint: str, ours: str | None = None) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".hadolint.yaml").write_text(hadolint, encoding="utf-8")
    if ours is not None:
        (tmp_path / ".deploylint.toml").write_text(ours, encoding="utf-8")
    df = tmp_path / "svc" / "Dockerfile"
    df.parent.mkdir()
    df.write_text("FROM python:3.12-slim\nWORKDIR app\nRUN pip install flask\n", encoding="utf-8")
    return df


def test_loaded_from_the_repository_root(tmp_path: Path) -> None:
    df = _project(tmp_path, "ignored: [DL3000]\nfailure-threshold: error\ntrustedRegistries: [ghcr.io]\n")
    assert find_hadolint(df) == tmp_path / ".hadolint.yaml"
    settings = load_settings(df)
    assert settings.ignore == ["DL3000"]
    assert settings.fail_on is Severity.ERROR
    settings.root = tmp_path
    settings.select = ["DKR016", "DKR026", "DKR060"]
    ids = {f.rule_id for f in Engine(settings, registry()).run([df]).findings}
    assert ids == {"DKR026", "DKR060"}  # DKR016 ignored through DL3000; DKR026 on via trustedRegistries


def test_our_config_wins(tmp_path: Path) -> None:
    df = _project(
        tmp_path,
        "failure-threshold: error\noverride:\n  error: [DL3013]\n",
        'fail-on = "info"\n[severity]\nDKR060 = "warning"\n',
    )
    settings = load_settings(df)
    assert settings.fail_on is Severity.INFO
    settings.root = tmp_path
    settings.select = ["DKR060"]
    (finding,) = Engine(settings, registry()).run([df]).findings
    assert finding.severity is Severity.WARNING


def test_disable_ignore_pragma(tmp_path: Path) -> None:
    df = _project(tmp_path, "disable-ignore-pragma: true\n")
    assert load_settings(df).no_ignores is True


def test_yml_spelling_and_bad_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".hadolint.yml").write_text("- not a mapping\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings(tmp_path)


def test_no_file_no_change(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert find_hadolint(tmp_path) is None
    assert load_settings(tmp_path).ignore == []


@pytest.mark.parametrize(
    ("form", "value", "want"),
    [
        ("url", "https://github.com/example/app", True),
        ("url", "github.com/example/app", False),
        ("rfc3339", "2021-03-10T10:26:33.564595127+01:00", True),
        ("rfc3339", "2021-03-10", False),
        ("spdx", "BSD-3-Clause", True),
        ("spdx", "(MIT OR Apache-2.0) AND LicenseRef-x", True),
        ("spdx", "GPL-2.0-only WITH Classpath-exception-2.0", True),
        ("spdx", "MIT or Apache-2.0", False),
        ("spdx", "MIT OR", False),
        ("spdx", "not-spdx", False),
        ("hash", "2dbfae9", True),
        ("hash", "43c572f1272b6b3171dd1db9e41b7027128ce080", True),
        ("hash", "2dbfae", False),
        ("semver", "1.0.0-alpha.1+001", True),
        ("semver", "01.0.0", False),
        ("semver", "v1.0.0", False),
        ("semver", "1.0.0-01", False),
        ("semver", "1.0.0-rc..1", False),
        ("semver", "1.0", False),
        ("email", "a@localhost", False),
        ("email", "a@-x.com", False),
        ("email", "ops@example.com", True),
        ("email", "ops team", False),
    ],
)
def test_label_forms(form: str, value: str, want: bool) -> None:
    from deploylint.models.labels import valid

    assert valid(form, value) is want
