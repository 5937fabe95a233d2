"""Small helpers shared by workflow rules (not a rule module: the registry skips ``_`` names)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from deploylint.expressions import attacker_controlled
from deploylint.models.workflow import Job, Step, Str, Workflow

# inputs of well-known actions that are executed as code (beside a step's ``run:``)
SCRIPT_INPUTS: dict[str, tuple[str, ...]] = {
    "actions/github-script": ("script",),
    "azure/cli": ("inlinescript",),
    "azure/powershell": ("inlinescript",),
    "amadevus/pwsh-script": ("script",),
    "mikefarah/yq": ("cmd",),
    "appleboy/ssh-action": ("script",),
    "jannekem/run-python-script-action": ("script",),
    "cardinalby/js-eval-action": ("expression",),
    "addnab/docker-run-action": ("run",),
    "gabrielbb/xvfb-action": ("run",),
    "uses-this/run-on-arch-action": ("run",),
    "uraimo/run-on-arch-action": ("run",),
    "nick-fields/retry": ("command",),
    "nick-invision/retry": ("command",),
}


def script_sinks(step: Step) -> Iterator[tuple[str, Str]]:
    """(label, value) of every place of ``step`` whose text is run as code."""
    if step.run is not None:
        yield "run", step.run
    u = step.uses
    if u is not None and u.kind == "repo":
        names = SCRIPT_INPUTS.get(u.slug) or SCRIPT_INPUTS.get(u.name)
        if names:
            for k, v in step.with_:
                if k.value.lower() in names:
                    yield f"with.{k.value}", v


def secret_names_in(s: Str) -> list[str]:
    return [p[1] for p, _n, _e in s.refs() if p[0] == "secrets" and len(p) >= 2]


def env_is_secret(wf: Workflow, job: Job, step: Step | None, name: str) -> bool:
    var = wf.job_env(job, step, name)
    return var is not None and any(p[0] == "secrets" for p, _n, _e in var.value.refs())


def env_is_tainted(wf: Workflow, job: Job, step: Step | None, name: str) -> bool:
    var = wf.job_env(job, step, name)
    return var is not None and any(attacker_controlled(p) for p, _n, _e in var.value.flowing())


_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def shell_vars(word: str) -> list[str]:
    """Names of ``$VAR`` / ``${VAR}`` references in a shell word."""
    return _VAR.findall(word)


def trigger_names(wf: Workflow) -> str:
    return ", ".join(sorted(wf.events))


def named_only(why: str) -> bool:
    """A deploy reason (``Workflow.deploy_reason``) that rests on the job's name alone (``is named
    'Deploy preview'``): weak evidence, so deploy rules report it at ``info`` at most."""
    return why.startswith("is named")
