from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule
from deploylint.rules.dockerfile._fixes import insert_after


@rule(
    id="DKR057",
    name="useradd-without-l",
    title="useradd with a large UID without -l",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("size",),
    aliases=("DL3046",),
    fixable=True,
)
def useradd_without_l(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `useradd` reserves room for every UID up to the new one in `/var/log/lastlog` and
    `/var/log/faillog`. These are sparse files, but image layers are not: a UID such as 1000000
    adds hundreds of megabytes to the image. `-l` (`--no-log-init`) skips them.

    ## Example
        FROM debian:12-slim
        RUN useradd -u 1000000 app

    ## Use instead
        FROM debian:12-slim
        RUN useradd -l -u 1000000 app

    ## Fix safety
    Safe: `-l` is added after `useradd`. The user, its UID, groups and home are the same; only
    the lastlog and faillog entries are not written (a container has no logins to record).
    """
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            if cmd.command_name != "useradd" or cmd.has_flag("-l", "--no-log-init"):
                continue
            uid = cmd.option_value("-u", "--uid")
            if uid is not None and uid.isdigit() and int(uid) > 99999 and cmd.name is not None:
                edit = insert_after(ctx.source, cmd.name, "-l")
                msg = f"useradd -u {uid} without -l adds a huge lastlog file to the image"
                yield ctx.finding(cmd.invocation, msg, fix=Fix("add -l", (edit,)) if edit else None)
