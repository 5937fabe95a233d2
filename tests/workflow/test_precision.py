"""Model facts behind the issue #19 workflow fixes: command positions, working folders, spans."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.models.workflow import Workflow
from deploylint.models.workflow_deploy import is_status_aggregator
from deploylint.parsers.workflow import parse
from deploylint.settings import Settings
from deploylint.source import SourceFile
from deploylint.testing import registry


def _wf(text: str) -> Workflow:
    model = parse(SourceFile(Path("ci.yml"), text)).model
    assert model is not None
    return model


def _run(script: str, extra: str = "") -> str:
    body = "\n".join("          " + line for line in script.splitlines())
    return f"on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n{extra}    steps:\n      - run: |\n{body}\n"


def test_sub_commands_are_matched_in_their_positions() -> None:
    step = (
        _wf(
            _run(
                "helm plugin install https://x\nhelm --kube-context prod upgrade --install app ./c\naws --region x ecs update-service"
            )
        )
        .jobs[0]
        .steps[0]
    )
    plugin, upgrade, ecs = step.commands()
    assert not plugin.matches("helm", "install") and plugin.matches("helm", "plugin", "install")
    assert upgrade.matches("helm", "upgrade") and upgrade.subcommands(1) == ("upgrade",)
    assert ecs.matches("aws", "ecs", "update-service")


def test_working_folder_follows_cd_pushd_and_subshells() -> None:
    script = 'cd web && a\n(cd ../api; b)\nc\npushd e2e\nd\npopd\nf\ncd "$DIR"\ne'
    step = _wf(_run(script)).jobs[0].steps[0]
    cmds = {c.command_name: step.folder(c) for c in step.commands() if len(c.command_name or "") == 1}
    assert cmds == {"a": "web", "b": "api", "c": "web", "d": "web/e2e", "f": "web", "e": None}


def test_defaults_working_directory_reaches_the_step() -> None:
    extra = "    defaults:\n      run:\n        working-directory: app\n"
    step = _wf(_run("make", extra)).jobs[0].steps[0]
    assert step.run_directory is not None and step.run_directory.value == "app"


def test_substituted_output_is_captured() -> None:
    script = 'T=$(echo "$X" | base64)\nU=`printf %s "$X"`\necho "$X"'
    printed = [c.command_name for c in _wf(_run(script)).jobs[0].steps[0].commands() if not c.stdout_captured]
    assert printed == ["echo"]


def test_aggregator_needs_results_only() -> None:
    wf = _wf(
        "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make test\n"
        "  done:\n    needs: [t]\n    if: always()\n    runs-on: x\n    steps:\n"
        "      - if: contains(needs.*.result, 'failure')\n        run: exit 1\n"
    )
    assert is_status_aggregator(wf.jobs[1]) and not is_status_aggregator(wf.jobs[0])


def test_install_finding_spans_the_whole_command(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text("{}", encoding="utf-8")
    (tmp_path / "package-lock.json").write_text("{}", encoding="utf-8")
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(_run("npm install --no-audit"), encoding="utf-8")
    report = Engine(Settings(select=["GHA003"], root=tmp_path), registry()).run([tmp_path])
    (f,) = report.findings
    span = f.location.span
    assert (span.start_line, span.start_col, span.end_col) == (7, 11, 11 + len("npm install --no-audit"))


def test_dispatch_input_is_info_and_low_confidence(tmp_path: Path) -> None:
    wf = tmp_path / "ci.yml"
    wf.write_text(
        "on:\n  workflow_dispatch:\n    inputs:\n      note: {type: string}\njobs:\n  a:\n    runs-on: x\n"
        '    steps:\n      - run: echo "${{ inputs.note }}"\n',
        encoding="utf-8",
    )
    (f,) = Engine(Settings(select=["GHA012"], root=tmp_path), registry()).run([wf]).findings
    assert (f.severity.value, f.confidence.value) == ("info", "low")
