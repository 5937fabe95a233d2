from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import replace_word
from deploylint.shell import Command

#: apt subcommands that apt-get runs the same way (``apt upgrade`` may install new packages,
#: ``apt-get upgrade`` does not; ``search``, ``show``, ``list`` belong to apt-cache or nothing)
_SAME_IN_APT_GET = frozenset(
    {
        "update",
        "install",
        "reinstall",
        "remove",
        "purge",
        "autoremove",
        "clean",
        "autoclean",
        "build-dep",
        "source",
        "download",
    }
)


@rule(
    id="DKR065",
    name="apt-command",
    title="apt used in a script instead of apt-get",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL3027", "CKV_DOCKER_9"),
    fixable=True,
)
def apt_command(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `apt` is the interactive front end: its output and options may change between releases and
    it warns that it "does not have a stable CLI interface". Scripts should use `apt-get` and
    `apt-cache`.

    ## Example
        FROM debian:12-slim
        RUN apt update && apt install -y curl

    ## Use instead
        FROM debian:12-slim
        RUN apt-get update && apt-get install -y curl

    ## Fix safety
    Safe: `apt` becomes `apt-get` for `update`, `install`, `reinstall`, `remove`, `purge`,
    `autoremove`, `clean`, `autoclean`, `build-dep`, `source` and `download`, which apt-get runs
    the same way (without the progress bar). `apt upgrade` (which may install new packages where
    `apt-get upgrade` does not), `full-upgrade`, `search`, `show` and `list` are not fixed.
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name == "apt" and cmd.name is not None:
                msg = "use apt-get or apt-cache in scripts; apt has no stable interface"
                yield ctx.finding(cmd.name, msg, fix=_to_apt_get(cmd))


def _to_apt_get(cmd: Command) -> Fix | None:
    sub = cmd.subcommand
    if cmd.name is None or cmd.name.value != "apt" or sub is None or sub.value not in _SAME_IN_APT_GET:
        return None
    edit = replace_word(cmd.name, "apt-get")
    return Fix("use apt-get", (edit,)) if edit is not None else None
