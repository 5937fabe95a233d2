"""Steps that leave a credential for the rest of their job.

A registry login writes its credential to the runner's disk (``~/.docker/config.json``), and the
cloud login actions put keys or a credentials file into the environment of every later step. Any
later step of the same job, the code of every action it runs included, can read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from deploylint.models.workflow import Step

#: actions that leave a credential for the job's later steps (a registry login on disk, cloud
#: credentials in the environment)
CREDENTIAL_ACTIONS = (
    "docker/login-action",
    "aws-actions/amazon-ecr-login",
    "aws-actions/configure-aws-credentials",
    "azure/docker-login",
    "azure/login",
    "google-github-actions/auth",
    "redhat-actions/podman-login",
)
#: commands that do the same from a ``run:`` script
CREDENTIAL_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("docker", "login"),
    ("podman", "login"),
    ("buildah", "login"),
    ("helm", "registry", "login"),
    ("gcloud", "auth"),
    ("az", "login"),
    ("az", "acr", "login"),
)


def credential_left(step: Step) -> str | None:
    """What the step leaves for the job's later steps to read: the action or command, or None."""
    if step.uses is not None and step.uses.is_(*CREDENTIAL_ACTIONS):
        return step.uses.name
    for cmd in step.commands("login", "auth"):
        for p in CREDENTIAL_COMMANDS:
            if cmd.matches(*p):
                return " ".join(p)
    return None


def credentials_before(steps: Sequence[Step]) -> dict[int, str]:
    """For each step (by ``id``) that runs after a step leaving a credential, what the first such
    step left; one pass over the job."""
    found: str | None = None
    before: dict[int, str] = {}
    for step in steps:
        if found is not None:
            before[id(step)] = found
        else:
            found = credential_left(step)
    return before
