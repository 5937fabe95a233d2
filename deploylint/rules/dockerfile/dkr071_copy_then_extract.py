import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Copy, Dockerfile, Run
from deploylint.registry import Kind, rule

_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst")


@rule(
    id="DKR071",
    name="copy-then-extract",
    title="Archive copied, then extracted in RUN",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("size",),
    aliases=("DL3010",),
)
def copy_then_extract(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` keeps the archive in
    the COPY layer forever, even if the RUN deletes it. `ADD app.tar.gz /opt/` unpacks a local
    tar archive in one step, without the extra copy.

    ## Example
        FROM alpine:3.20
        COPY app.tar.gz /tmp/
        RUN tar -xzf /tmp/app.tar.gz -C /opt

    ## Use instead
        FROM alpine:3.20
        ADD app.tar.gz /opt/
    """
    for stage in df.stages:
        copied: dict[str, Copy] = {}
        for ins in stage.instructions:
            if isinstance(ins, Copy) and ins.flag("from") is None:
                # the archive lands under its own name, or under the destination's when that
                # names a file (COPY app.tar /opt/app-1.tar)
                names = [_basename(src.value) for src in ins.sources]
                if ins.dest is not None and len(names) == 1 and not ins.dest.value.strip("\"'").endswith(("/", "\\")):
                    names.append(_basename(ins.dest.value))
                for name in names:
                    if name.lower().endswith(_ARCHIVES) and "$" not in name and "*" not in name:
                        copied[name] = ins
            elif isinstance(ins, Run) and copied:
                yield from _extracts(ins, copied, ctx)


def _extracts(run: Run, copied: dict[str, Copy], ctx: Context) -> Iterator[Finding]:
    for cmd in run.effective_commands:
        if cmd.command_name != "tar" or not cmd.args or cmd.name is None:
            continue
        first = cmd.args[0].value
        flags = [a.value for a in cmd.args if a.value.startswith("-")] + ([first] if not first.startswith("-") else [])
        if not any(f == "--extract" or (not f.startswith("--") and "x" in f) for f in flags):
            continue
        for a in cmd.args:
            name = _basename(a.value)
            if name in copied:
                note = "copied here"
                msg = f"{name} is copied and then extracted; ADD {name} <dir> unpacks it in one layer"
                yield ctx.finding(cmd.invocation, msg, related=(ctx.location(copied[name].keyword, note=note),))
                break


def _basename(path: str) -> str:
    """The last component of a path written with ``/`` or Windows' ``\\``, quotes dropped."""
    return re.split(r"[/\\]", path.strip("\"'"))[-1]
