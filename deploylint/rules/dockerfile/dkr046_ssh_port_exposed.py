from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Expose
from deploylint.registry import Kind, rule


@rule(
    id="DKR046",
    name="ssh-port-exposed",
    title="SSH port 22 exposed",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("CKV_DOCKER_1", "DS-0004"),
    security_severity=5.0,
)
def ssh_port_exposed(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A container that exposes port 22 runs an SSH server: one more daemon, one more set of keys
    and passwords to leak, and a way around the container runtime's exec and audit. Use
    `docker exec` / `kubectl exec` for access. Only the stages of the final image are checked.

    ## Example
        FROM ubuntu:24.04
        EXPOSE 22

    ## Use instead
        FROM ubuntu:24.04
        EXPOSE 8080
    """
    for stage in df.final_image_stages:
        for ins in stage.of_type(Expose):
            for arg in ins.args:
                port = arg.value.strip("\"'").split("/", 1)[0]
                lo, _, hi = port.partition("-")
                if lo.isdigit() and (int(lo) == 22 or (hi.isdigit() and int(lo) <= 22 <= int(hi))):
                    yield ctx.finding(arg, "port 22 (SSH) is exposed; use docker exec or kubectl exec instead")
