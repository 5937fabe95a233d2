from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.config import ConfigError, find_config, load_settings
from deploylint.findings import Severity


def test_pyproject_section_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.deploylint]\nselect = ["DKR"]\nfail-on = "error"\nexclude = ["fixtures/**"]\n'
        '[tool.deploylint.rules.DKR001]\nseverity = "error"\nignore = ["legacy/*"]\n'
        '[tool.deploylint.rules.DKR001.options]\nallow = ["scratch"]\n',
        encoding="utf-8",
    )
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_config(tmp_path / "a" / "b") == tmp_path / "pyproject.toml"
    s = load_settings(tmp_path / "a" / "b")
    assert s.select == ["DKR"]
    assert s.fail_on is Severity.ERROR
    assert s.exclude == ["fixtures/**"]
    assert s.severity == {"DKR001": Severity.ERROR}
    assert s.rule_ignores == {"DKR001": ["legacy/*"]}
    assert s.rule_options == {"DKR001": {"allow": ["scratch"]}}


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path) is None


def test_yaml_wins_over_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.deploylint]\nfail-on = "error"\n', encoding="utf-8")
    (tmp_path / ".deploylint.yaml").write_text("fail-on: info\n", encoding="utf-8")
    s = load_settings(tmp_path)
    assert s.fail_on is Severity.INFO
    assert "takes precedence" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = ['DKR']\n", "unknown key 'selct'"),
        ("[rules.DKR001]\nseverty = 'error'\n", "unknown key 'rules.DKR001.severty'"),
        ("fail-on = 'sometimes'\n", "fail-on: Input should be"),
        ("max-file-size = -1\n", "max-file-size: Input should be greater than 0"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".deploylint.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace(".", r"\.").replace("[", r"\[")):
        load_settings(tmp_path)


def test_explicit_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path, tmp_path / "nope.toml")


def test_explicit_pyproject_whose_tool_is_not_a_table(tmp_path: Path) -> None:
    # ``tool = 3`` made the lookup of [tool.deploylint] raise AttributeError (a traceback, exit 1)
    (tmp_path / "pyproject.toml").write_text("tool = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: tool must be a table"):
        load_settings(tmp_path, tmp_path / "pyproject.toml")
