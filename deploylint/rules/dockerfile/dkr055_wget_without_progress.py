from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile, Run, Stage
from deploylint.models.images import Variant
from deploylint.models.installs import run_installs
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after
from deploylint.shell import Command

_QUIET = ("-q", "--quiet", "-nv", "--no-verbose", "--progress", "-o", "--output-file", "-a", "--append-output")


@rule(
    id="DKR055",
    name="wget-without-progress",
    title="wget without a progress setting",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("style",),
    aliases=("DL3047",),
    fixable=True,
)
def wget_without_progress(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without a terminal, `wget` prints its progress as one line per few kilobytes, so a large
    download floods the build log with thousands of lines. Use `--progress=dot:giga`, `-nv` or
    `-q`.

    ## Example
        FROM debian:12-slim
        RUN wget https://example.com/app.tar.gz

    ## Use instead
        FROM debian:12-slim
        RUN wget --progress=dot:giga https://example.com/app.tar.gz

    ## Fix safety
    Safe: `--progress=dot:giga` is added after `wget`, which changes only what the build log
    shows (errors included, unlike `-q`). It is offered only where the wget that runs is GNU
    wget: one a package manager installed in this stage (or a stage it is built from) by this
    RUN or an earlier one, or the one of a full Debian-based language image (`node:20`,
    `python:3.12`). BusyBox's wget (Alpine's default) knows no `--progress`, so a stage whose
    wget the file does not show is not fixed.
    """
    for stage in df.stages:
        for run in stage.runs:
            for cmd in run.effective_commands:
                if cmd.command_name != "wget" or cmd.name is None or cmd.has_flag(*_QUIET):
                    continue
                if not any(a.value in ("-nv", "-qO-", "-qO") or a.value.startswith("--progress") for a in cmd.args):
                    edit = (
                        insert_after(ctx.source, cmd.name, "--progress=dot:giga")
                        if _gnu_wget(stage, run, cmd)
                        else None
                    )
                    fix = Fix("add --progress=dot:giga", (edit,)) if edit is not None else None
                    yield ctx.finding(cmd.invocation, "wget without --progress or -q floods the build log", fix=fix)


def _gnu_wget(stage: Stage, run: Run, cmd: Command) -> bool:
    """The wget ``cmd`` runs is GNU wget, as far as the file shows: a package manager installed
    it before, in this RUN or an earlier one, or the base image is a full Debian-based language
    image."""
    for r in stage.inherited_runs:
        for inst in run_installs(r):
            if r is run and inst.command.span.start_offset > cmd.span.start_offset:
                break
            if any(p.word.value.split("=", 1)[0] == "wget" for p in inst.packages):
                return True
        if r is run:
            break
    facts = stage.root_base.facts
    return facts is not None and facts.variant is Variant.FULL and facts.tools.wget is True
