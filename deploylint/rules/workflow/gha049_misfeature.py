from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.installs import Manager, installs_of
from deploylint.models.workflow import Job, Step, Str, Workflow
from deploylint.registry import Kind, rule

#: the shells GitHub documents for ``shell:``, besides cmd (reported on its own)
_KNOWN = frozenset({"bash", "sh", "pwsh", "powershell", "python"})


def _program(shell: Str) -> str:
    """The program a ``shell:`` value runs: ``bash`` for ``/bin/bash -e {0}``, ``cmd`` for ``CMD.EXE``."""
    words = shell.value.split()
    return _word_program(words[0]) if words else ""


def _word_program(word: str) -> str:
    name = word.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


def _effective_shell(wf: Workflow, job: Job, step: Step) -> Str | None:
    """Where the shell of ``step``'s ``run:`` is written: the step, the job's or the workflow's defaults."""
    for s in (step.shell, job.defaults_shell, wf.defaults_shell):
        if s is not None:
            return s
    return None


@rule(
    id="GHA049",
    name="misfeature",
    title="A GitHub Actions feature that is best left unused",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.INFO,
    tags=("maintainability", "supply-chain"),
    aliases=("misfeature",),
)
def misfeature(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Some features work but cost more than they give:

    - `pip-install` of `actions/setup-python` installs packages straight into the interpreter
      the action set up, shared by every later step, with no lockfile and no virtual
      environment to tell the job's own packages from the tools';
    - `shell: cmd` (step, job or workflow default) runs the script with Windows' old command
      interpreter, which has no grammar to check against and quoting and continuation rules
      of its own; it has not been the default on Windows runners since 2019 (`pwsh` is);
    - a custom shell (`shell: perl {0}`, `shell: tcc -run {0}`) is not on every runner, and
      no check can read the script it runs (a command that starts a known shell, such as
      `arch -arm64 bash {0}`, is not reported);
    - `pip install --extra-index-url URL` looks every package up on PyPI *and* on URL and takes
      the highest version found: anyone who publishes one of your private package names on
      PyPI with a higher version gets their code installed (dependency confusion). Use
      `--index-url` for the private index, or uv, which takes each package from the first
      index that has it.

    Each of these is a choice the file shows but whose reasons it does not, so every finding
    is `info`. A shell given by an expression, and a shell GHA043 refuses (no `{0}`), are not
    reported here.

    ## Example
        on: push
        jobs:
          build:
            runs-on: windows-latest
            defaults:
              run:
                shell: cmd
            steps:
              - run: echo hi

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: windows-latest
            defaults:
              run:
                shell: pwsh
            steps:
              - run: echo hi

    ## Differences from zizmor
    zizmor reports custom shells only in its auditor persona, and does not report pip's
    `--extra-index-url`.
    """
    seen: set[int] = set()
    for job in wf.jobs:
        for step in job.steps:
            if step.never_runs:
                continue
            if step.uses is not None and step.uses.is_("actions/setup-python"):
                for key, _value in step.with_:
                    if key.value == "pip-install":
                        yield ctx.finding(
                            key,
                            "'pip-install' installs into the interpreter every later step shares; "
                            "install into a virtual environment in a run: step",
                        )
            if step.run is None:
                continue
            shell = _effective_shell(wf, job, step)
            if shell is not None and id(shell) not in seen and not shell.has_expr:
                seen.add(id(shell))
                yield from _shell(shell, ctx)
            script = step.script("extra-index-url", any_shell=True)
            if script is not None:
                for pi in installs_of(script, Manager.PIP):
                    for o in pi.options:
                        if o.name == "--extra-index-url":
                            yield ctx.finding(
                                o.word,
                                "'--extra-index-url' lets PyPI win over your index for any name (dependency "
                                "confusion); use '--index-url' for a private index",
                            )


def _shell(shell: Str, ctx: Context) -> Iterator[Finding]:
    name = _program(shell)
    if name == "cmd":
        yield ctx.finding(shell, "'shell: cmd' has no grammar to check scripts against; use 'pwsh' or 'bash'")
    elif name and "{0}" in shell.value and not any(_word_program(w) in _KNOWN for w in shell.value.split()):
        yield ctx.finding(
            shell,
            f"custom shell '{name}' may be missing on a runner and its scripts go unchecked; use 'bash' or 'pwsh'",
        )
