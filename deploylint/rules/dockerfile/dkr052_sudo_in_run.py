from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Run, Stage, User
from deploylint.registry import Kind, rule
from deploylint.shell.model import Command
from deploylint.shell.options import WRAPPER_OPTIONS


@rule(
    id="DKR052",
    name="sudo-in-run",
    title="sudo in RUN",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3004", "DS-0010", "CKV2_DOCKER_1"),
)
def sudo_in_run(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `RUN` already runs as the current `USER`; `sudo` needs a TTY and a sudoers entry, is often
    not installed, and keeps root a password away at run time. Switch with `USER root` for the
    commands that need it and back to the unprivileged user afterwards.

    ## Example
        FROM ubuntu:24.04
        USER app
        RUN sudo apt-get update

    ## Use instead
        FROM ubuntu:24.04
        USER root
        RUN apt-get update
        USER app

    A stage that runs as root and uses `sudo -u app cmd` (or `--user`, `-g`, `--group`) to run
    one command as another account drops privileges: `USER root` is no alternative there, so it
    passes. Plain `sudo cmd`, and `sudo -u root`, still fire. A development image (a workspace
    image under `gitpod/` or `workstation/`, `Dockerfile.dev`; see `deploylint.profiles`) keeps a
    sudo-capable user on purpose: not judged there.
    """
    if df.is_development_image:
        return
    for st in df.stages:
        for run in st.runs:
            for cmd in run.commands:
                if cmd.command_name not in ("sudo", "doas") or cmd.name is None:
                    continue
                if _switches_to_other_user(cmd) and _runs_as_root(st, run):
                    continue
                yield ctx.finding(cmd.name, f"{cmd.command_name} in RUN; use USER root for the commands that need it")


_AS_OTHER = frozenset({"-u", "--user", "-g", "--group"})


def _switches_to_other_user(cmd: Command) -> bool:
    """``sudo -u app ...`` / ``sudo --group=staff ...``: runs the command as a named, non-root account."""
    takes_value = WRAPPER_OPTIONS.get(cmd.command_name or "", frozenset())
    users: list[str] = []
    args = cmd.args
    i = 0
    while i < len(args) and args[i].value.startswith("-") and args[i].value != "--":
        name, eq, value = args[i].value.partition("=")
        if name in takes_value and not eq:
            value = args[i + 1].value if i + 1 < len(args) else ""
            i += 1
        if name in _AS_OTHER:
            users.append(value)
        i += 1
    return bool(users) and all(u not in ("", "root", "0", "#0") for u in users)


def _runs_as_root(stage: Stage, run: Run) -> bool:
    """Whether ``run`` runs as root: the last USER before it in the stage chain, else the base image's user."""
    for st in stage.chain:
        users = [
            u
            for u in st.instructions[: st.instructions.index(run) if st is stage else len(st.instructions)]
            if isinstance(u, User) and u.user is not None
        ]
        if users:
            return users[-1].is_root
    facts = stage.root_base.facts
    user = facts.default_user if facts is not None and facts.default_user is not None else "root"
    return user.split(":", 1)[0] in ("root", "0")
