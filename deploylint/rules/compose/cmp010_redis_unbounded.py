from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.registry import Kind, rule


def _value(svc: Service, flag: str) -> str | None:
    words = [w.value for w in (*svc.entrypoint, *svc.command)]
    for i, w in enumerate(words):
        if w == flag:
            return words[i + 1] if i + 1 < len(words) else ""
        if w.startswith(flag + "="):
            return w.split("=", 1)[1]
    return None


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
    Redis without `--maxmemory` grows until the kernel kills it (or a neighbour), and with
    persistence turned off (`--save ""` and no `--appendonly yes`) a restart loses every key. Only
    the `command:`/`entrypoint:` is read; a service that passes a config file (`redis.conf`) is
    not judged, since the file may set both. Production only.

    ## Example
        services:
          cache:
            image: redis:7.4
            command: ["redis-server", "--save", ""]

    ## Use instead
        services:
          cache:
            image: redis:7.4
            command: ["redis-server", "--appendonly", "yes", "--maxmemory", "256mb",
                      "--maxmemory-policy", "allkeys-lru"]
    """
    if not model.production:
        return
    for svc in model:
        if svc.datastore != "redis" or any(w.value.endswith(".conf") for w in svc.command):
            continue
        missing = []
        if _value(svc, "--maxmemory") is None:
            missing.append("no --maxmemory")
        save, aof = _value(svc, "--save"), _value(svc, "--appendonly")
        if save == "" and aof != "yes":
            missing.append("persistence turned off")
        if missing and model.judged_in_production(svc.command[0] if svc.command else svc.name):
            at = svc.command[0] if svc.command else svc.name
            yield ctx.finding(at, f"redis service {svc.name.value!r}: {' and '.join(missing)}", source=at.file)
