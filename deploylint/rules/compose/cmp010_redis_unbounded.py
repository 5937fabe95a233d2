from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP010",
    name="redis-unbounded",
    title="Redis runs without a memory cap or with persistence off",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("reliability", "data"),
)
def redis_unbounded(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Redis without `--maxmemory` grows until the kernel kills it (or a neighbour). With
    persistence turned off (`--save ""` and no `--appendonly yes`) a restart loses every key:
    right for a cache, so that is reported only when `/data` is a volume, which says the data
    was meant to be kept. Only
    the `command:`/`entrypoint:` is read; a service that passes a config file (`redis.conf`) is
    not judged, since the file may set both. Information, and nothing in development files.

    ## Example
        services:
          cache:
            image: redis:7.4
            command: ["redis-server", "--save", ""]
            volumes:
              - redis-data:/data

    ## Use instead
        services:
          cache:
            image: redis:7.4
            command: ["redis-server", "--appendonly", "yes", "--maxmemory", "256mb",
                      "--maxmemory-policy", "allkeys-lru"]
    """
    for svc in model:
        if svc.datastore != "redis" or any(w.value.endswith(".conf") for w in svc.command):
            continue
        missing = []
        if svc.command_value("--maxmemory") is None:
            missing.append("no --maxmemory")
        if svc.redis_persistence_off and any((m.target or "").rstrip("/") == "/data" for m in svc.volumes):
            missing.append("persistence turned off though /data is a volume")
        at = svc.command[0] if svc.command else svc.name
        sev = model.advice(at, ctx.rule.meta.severity)
        if missing and sev is not None:
            yield ctx.finding(at, f"redis service {svc.name.value!r}: {' and '.join(missing)}", severity=sev)
