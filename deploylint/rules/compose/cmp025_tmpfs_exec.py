from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP025",
    name="tmpfs-allows-exec",
    title="tmpfs mount allows executables or setuid",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "security"),
    aliases=("CL-0022",),
    security_severity=2.5,
)
def tmpfs_exec(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A writable tmpfs is where a dropped payload lands. Docker mounts tmpfs `noexec,nosuid` by
    default; writing `exec` or `suid` in the options turns that off again, so a downloaded binary
    can run from `/tmp`. Drop the option unless the application really executes from there.

    ## Example
        services:
          app:
            image: example/app:1.0.0
            read_only: true
            tmpfs:
              - /tmp:exec,size=64m

    ## Use instead
        services:
          app:
            image: example/app:1.0.0
            read_only: true
            tmpfs:
              - /tmp:size=64m
    """
    for svc in model:
        for t in svc.tmpfs:
            opts = set(t.value.partition(":")[2].replace(" ", "").split(","))
            bad = sorted(opts & {"exec", "suid"})
            if bad:
                msg = f"service {svc.name.value!r} mounts tmpfs {t.value.partition(':')[0]} with {','.join(bad)}"
                yield ctx.finding(t, msg)
