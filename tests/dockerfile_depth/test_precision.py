"""Issue #19 (Dockerfile part): severities, confidences and spans the rule cases cannot mark."""

from __future__ import annotations

from pathlib import Path

from deploylint.findings import Confidence, Severity
from deploylint.models.dockerfile import Healthcheck
from deploylint.models.installs import family, frozen_in, package_install
from deploylint.parsers.dockerfile import parse_text
from deploylint.shell import parse_shell
from deploylint.testing import run_case

RULES = Path(__file__).resolve().parents[2] / "rules"


def _findings(rule_id: str, case: str) -> list[tuple[int, int, int, int, Severity, Confidence]]:
    _, _, report = run_case(RULES / rule_id / case, rule_id)
    return sorted(
        (s.start_line, s.start_col, s.end_line, s.end_col, f.severity, f.confidence)
        for f in report.findings
        if f.rule_id == rule_id
        for s in [f.location.span]
    )


def test_command_findings_span_the_whole_command() -> None:
    # `RUN npm ci --omit=dev && sudo npm i --no-audit`: the caret covers `npm i --no-audit`
    found = _findings("DKR004", "fail_install_variants.Dockerfile")
    assert (7, 31, 7, 47, Severity.WARNING, Confidence.HIGH) in found
    # `RUN CI=false pnpm install`: from the name (not the assignment) to the end
    assert _findings("DKR004", "fail_pnpm_ci_off.Dockerfile")[0][:4] == (6, 14, 6, 26)


def test_healthcheck_tool_behind_an_unseen_script_is_a_low_confidence_info() -> None:
    assert _findings("DKR015", "fail_unseen_install_script.Dockerfile") == [
        (6, 17, 6, 21, Severity.INFO, Confidence.LOW)
    ]
    assert _findings("DKR015", "fail_curl_on_alpine.Dockerfile")[0][4] is Severity.WARNING


def test_copy_from_typo_is_a_warning_only_when_every_build_is_seen() -> None:
    assert [f[4:] for f in _findings("DKR021", "fail_typo.Dockerfile")] == [(Severity.INFO, Confidence.MEDIUM)]
    _, _, report = run_case(RULES / "DKR021" / "fail_compose_seen_typo", "DKR021")
    assert [f.severity for f in report.findings if f.rule_id == "DKR021"] == [Severity.WARNING]


def test_env_value_never_declared_is_a_low_confidence_info() -> None:
    assert [f[4:] for f in _findings("DKR043", "fail_env_never_declared.Dockerfile")] == [
        (Severity.INFO, Confidence.LOW)
    ]


def test_pipes_in_tested_substitutions_are_checked() -> None:
    s = parse_shell('v=$(a | b) && w=$(c | d) && [ "$v" = x ] && test "$(e | f)" = y')
    assert [p.commands[0].argv for p in s.pipelines] == [("a",), ("c",), ("e",)]
    assert [p.commands[0].argv for p in s.failure_hiding_pipelines] == [("c",)]
    assert parse_shell("set -o pipefail; a | b").failure_hiding_pipelines == ()
    assert parse_shell('export V=$(a | b); [ -n "$V" ]').failure_hiding_pipelines == ()


def test_script_files_the_linter_cannot_read() -> None:
    s = parse_shell("./install.sh && bash -e deps.sh && sh -c 'true' && /usr/bin/env && curl -sL x | sh")
    assert [c.script_file.value if c.script_file else None for c in s.commands] == [
        "./install.sh",
        "deps.sh",
        None,
        None,
        None,
        None,
        None,
    ]
    assert [c.runs_stdin_script for c in s.commands] == [False, False, False, False, False, False, True]
    dynamic = parse_shell('bash -c "apt-get install -y $PKGS"').commands[0]
    assert dynamic.script_file is not None and dynamic.script_file.value == "apt-get install -y $PKGS"


def test_healthcheck_commands_come_from_the_shell_layer() -> None:
    df = parse_text(
        'FROM alpine\nHEALTHCHECK CMD ["CMD-SHELL", "x=1 curl -f http://h || exit 1"]\n'
        'HEALTHCHECK CMD ["wget", "-q", "http://h"]\n'
    ).model
    assert df is not None
    first, second = (i for i in df.instructions if isinstance(i, Healthcheck))
    assert [(c.argv, c.name.span.start_col) for c in first.commands] == [
        (("curl", "-f", "http://h"), 36),
        (("exit", "1"), 56),
    ]
    assert [p.value for p in second.programs] == ["wget"]
    assert second.commands[0].invocation.end_col == 42


def test_pnpm_freezes_its_lockfile_under_ci() -> None:
    def frozen(text: str, env: dict[str, str]) -> bool:
        pi = package_install(parse_shell(text).commands[0])
        assert pi is not None
        return frozen_in(pi, env)

    assert frozen("CI=1 pnpm install", {})
    assert frozen("pnpm install", {"CI": "true"})
    assert not frozen("pnpm install", {"CI": "false"})
    assert not frozen("CI= pnpm install", {"CI": "1"})
    assert not frozen("pnpm install --no-frozen-lockfile", {"CI": "1"})
    assert not frozen("yarn install", {"CI": "1"})


def test_front_ends_of_one_package_database() -> None:
    assert family("apt") == family("apt-get") == "apt-get"
    assert family("yum") == family("dnf")
    assert family("apk") == "apk"
