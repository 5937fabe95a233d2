from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile, bool_of, text_of
from deploylint.registry import Kind, rule


@rule(
    id="ECS006",
    name="ecs-privileged-or-host-namespace",
    title="Privileged container, or the host's network or PID namespace",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("security",),
    security_severity=7.0,
)
def privileged_or_host(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `privileged: true` gives the container every capability and the host's devices: a compromise of
    the app is a compromise of the instance and of every other task on it. `networkMode: host`
    shares the instance's network stack (the container can bind and reach anything the host can,
    including the instance metadata endpoint), and `pidMode: host` lets it see and signal every
    process on the instance. Use `awsvpc` networking and add only the capabilities you need.

    ## Example
        {
          "family": "agent",
          "networkMode": "host",
          "containerDefinitions": [{"name": "agent", "image": "agent:2.1", "privileged": true}]
        }

    ## Use instead
        {
          "family": "agent",
          "networkMode": "awsvpc",
          "containerDefinitions": [{"name": "agent", "image": "agent:2.1",
            "linuxParameters": {"capabilities": {"add": ["NET_ADMIN"]}}}]
        }
    """
    for key in ("networkMode", "pidMode"):
        v = text_of(ecs.task_value(key))
        if v is not None and v.value == "host":
            yield ctx.finding(v, f"the task uses the host's {'network' if key == 'networkMode' else 'PID'} namespace")
    for c in ecs.containers:
        p = c.get("privileged")
        if bool_of(p) is True and p is not None:
            yield ctx.finding(p, f"container {c.name!r} runs privileged")
