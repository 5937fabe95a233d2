"""The dependabot kind: discovery, the parser and model (with a property test), the schema rule
(GHA062) on hostile input, and the generic machinery (``--kind``, SARIF, ``rules``, ``explain``)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deploylint.cli import cli
from deploylint.kinds import Kind, classify, is_parse_rule, parse_rule, sniff
from deploylint.models.dependabot import DependabotConfig
from deploylint.parsers import ParseEnv
from deploylint.parsers.dependabot import parse
from deploylint.source import SourceFile
from deploylint.testing import lint_text

VALID = "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: daily\n"


def lint(text: str, select: list[str] | None = None) -> list[tuple[str, int, int]]:
    return lint_text(text, Kind.DEPENDABOT, select=select or ["GHA062", "GHA063", "GHA064"])


# -- discovery ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (".github/dependabot.yml", Kind.DEPENDABOT),
        (".github/dependabot.yaml", Kind.DEPENDABOT),
        ("sub/repo/.github/dependabot.yml", Kind.DEPENDABOT),
        # GitHub reads the file only from .github/; a workflow named dependabot.yml is a workflow
        ("dependabot.yml", None),
        ("config/dependabot.yml", None),
        (".github/workflows/dependabot.yml", Kind.WORKFLOW),
        (".github/dependabot.json", None),
    ],
)
def test_classify(path: str, kind: Kind | None) -> None:
    assert classify(PurePosixPath(path)) is kind


def test_sniff_explicit_file_by_name_or_content() -> None:
    assert sniff(PurePosixPath("dependabot.yml"), "") is Kind.DEPENDABOT
    assert sniff(PurePosixPath("deps.yml"), VALID) is Kind.DEPENDABOT
    assert sniff(PurePosixPath("deps.yml"), "updates:\n  - x\n") is None  # no version: 2
    assert sniff(PurePosixPath("ci.yml"), "on: push\njobs: {}\n") is Kind.WORKFLOW


def test_parse_rule_of_the_kind() -> None:
    assert parse_rule(Kind.DEPENDABOT) == "GHA062"
    assert parse_rule(Kind.WORKFLOW) == "GHA000"
    assert is_parse_rule("GHA062") and is_parse_rule("CMP000") and not is_parse_rule("GHA063")


def _repo(tmp_path: Path, text: str, name: str = "dependabot.yml") -> Path:
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / name).write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return tmp_path


def test_check_dot_finds_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_repo(tmp_path, VALID + "    insecure-external-code-execution: allow\n", "dependabot.yaml"))
    out = CliRunner().invoke(cli, ["check", ".", "--no-cache", "--format", "json", "--min-severity", "info"])
    rows = sorted((f["rule_id"], f["path"], f["line"], f["column"]) for f in json.loads(out.output)["findings"])
    assert rows == [
        ("GHA063", ".github/dependabot.yaml", 3, 5),
        ("GHA064", ".github/dependabot.yaml", 7, 5),
    ]


def test_kind_option_and_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deps.yml").write_text(VALID.replace("daily", "hourly"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(
        cli, ["check", "deps.yml", "--kind", "dependabot", "--no-cache", "--format", "sarif", "--select", "GHA062"]
    )
    run = json.loads(out.output)["runs"][0]
    (result,) = run["results"]
    assert result["ruleId"] == "GHA062"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (6, 17)
    assert "GHA062" in {r["id"] for r in run["tool"]["driver"]["rules"]}


def test_rules_listing_and_explain() -> None:
    listed = CliRunner().invoke(cli, ["rules"]).output
    assert [ln.split()[:3] for ln in listed.splitlines() if ln.startswith(("GHA062", "GHA063", "GHA064"))] == [
        ["GHA062", "invalid-dependabot-config", "dependabot"],
        ["GHA063", "dependabot-cooldown", "dependabot"],
        ["GHA064", "dependabot-execution", "dependabot"],
    ]
    explained = CliRunner().invoke(cli, ["explain", "dependabot-cooldown"]).output
    assert explained.startswith("# GHA063: dependabot-cooldown")
    assert "`days`" in explained


# -- hostile input: positioned GHA062, never a traceback ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 2\nupdates:\n  - package-ecosystem: pip\n   directory: /\n", [("GHA062", 4, 4)]),
        ("version: 2\nupdates: [\n", [("GHA062", 3, 1)]),
        ("version: 2\nversion: 2\nupdates: []\n", [("GHA062", 2, 1)]),
        ("", [("GHA062", 1, 1)]),
        ("# only a comment\n", [("GHA062", 1, 1)]),
        ("- version: 2\n", [("GHA062", 1, 1)]),
        ("version: 2\nupdates: {}\n", [("GHA062", 2, 10)]),
        ("version: 2\nupdates:\n  - just a string\n", [("GHA062", 3, 5)]),
        ("version: 2\nupdates:\n  - {? [a]: b, package-ecosystem: pip}\n", [("GHA062", 3, 5), ("GHA062", 3, 5),
                                                                              ("GHA062", 3, 8)]),
        ("\ufeffversion: 2\r\nupdates:\r\n  - package-ecosystem: pip\r\n    directory: /\r\n    schedule: {interval: x}\r\n",
         [("GHA062", 5, 26)]),
        (("version: &v 2\nupdates:\n  - &u {package-ecosystem: pip, directory: /, schedule: {interval: daily}, "
          "cooldown: {default-days: 7}}\n  - *u\n"), []),
    ],
)  # fmt: skip
def test_bad_input_is_positioned(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert lint(text, ["GHA062"]) == expected


def test_missing_key_messages() -> None:
    src = SourceFile(Path(".github/dependabot.yml"), "updates:\n  - directory: /\n", ".github/dependabot.yml")
    parsed = parse(src, ParseEnv(Path(".")))
    got = [(d.message, d.span.start_line, d.span.start_col) for d in parsed.errors]
    assert got == [
        ("the file has no 'version'", 1, 1),
        ("updates[0] has no 'package-ecosystem'", 2, 5),
        ("updates[0] has no 'schedule' (needed unless the update joins a 'multi-ecosystem-group')", 2, 5),
    ]


def test_model_reads_the_updates() -> None:
    text = VALID + "    cooldown:\n      default-days: 9\n  - package-ecosystem: npm\n    directory: /\n"
    src = SourceFile(Path(".github/dependabot.yml"), text, ".github/dependabot.yml")
    model = parse(src, ParseEnv(Path("."))).model
    assert isinstance(model, DependabotConfig)
    first, second = model.updates
    assert (first.name, first.default_days_value(), first.head.start_line, first.head.start_col) == ("'pip'", 9, 3, 5)
    assert first.default_days is not None and first.default_days.key.span.start_line == 8
    assert (second.name, second.cooldown, second.default_days_value()) == ("'npm'", None, None)


# -- property: any YAML parses without raising, every span inside the file ---------------------------
_KEYS = [
    "version", "updates", "package-ecosystem", "directory", "directories", "schedule", "interval", "day",
    "time", "cronjob", "cooldown", "default-days", "semver-major-days", "insecure-external-code-execution",
    "registries", "multi-ecosystem-groups", "multi-ecosystem-group", "patterns", "groups", "ignore",
    "allow", "labels", "reviewers", "enable-beta-ecosystems", "open-pull-requests-limit", "<<",
]  # fmt: skip
_SCALARS = st.one_of(
    st.sampled_from(["2", "pip", "npm", "/", "daily", "cron", "allow", "deny", "7", "true", "", "~", "09:00", "*"]),
    st.integers(-3, 200),
    st.booleans(),
    st.text(max_size=8),
)
_TREE = st.recursive(
    _SCALARS,
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.sampled_from(_KEYS), kids, max_size=5)),
    max_leaves=30,
)
_DOCS = st.builds(
    lambda d, flow: yaml.safe_dump(d, default_flow_style=flow, sort_keys=False, allow_unicode=True),
    st.dictionaries(st.sampled_from(["version", "updates", "registries", "multi-ecosystem-groups"]), _TREE, max_size=4),
    st.booleans(),
)
_TEXTS = st.one_of(
    _DOCS,
    st.builds(lambda d, n: d[: n % (len(d) + 1)], _DOCS, st.integers(0, 5000)),
    st.builds(
        lambda d, j, n: d[: n % (len(d) + 1)] + j + d[n % (len(d) + 1) :],
        _DOCS,
        st.sampled_from(["\t", ": ", "- ", "&a ", "*a", "<<: *a\n", "{", "]", "'", "#", "\n  ", "? ", "|\n"]),
        st.integers(0, 5000),
    ),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
@example("version: 2\nupdates:\n  - &a {package-ecosystem: pip}\n  - <<: *a\n    directory: /\n")
@example("updates:\n- cooldown: {default-days: [1]}\n  insecure-external-code-execution: {}\n")
def test_parser_never_raises_and_spans_stay_inside(text: str) -> None:
    src = SourceFile(Path(".github/dependabot.yml"), text, ".github/dependabot.yml")
    parsed = parse(src, ParseEnv(Path(".")))
    size = len(text)
    spans = [d.span for d in parsed.errors]
    model = parsed.model
    assert isinstance(model, DependabotConfig)
    for u in model.updates:
        spans.append(u.head)
        spans += [p.key.span for p in (u.cooldown, u.default_days, u.external_code) if p is not None]
    lines = text.count("\n") + 1
    for sp in spans:
        assert 0 <= sp.start_offset <= size, (sp, size)  # a syntax error may sit at the very end
        assert 1 <= sp.start_line <= lines and sp.start_col >= 1, sp
        assert (sp.end_line, sp.end_col) >= (sp.start_line, sp.start_col), sp
    for d in parsed.errors:
        assert d.message and not d.message.endswith("."), d.message
