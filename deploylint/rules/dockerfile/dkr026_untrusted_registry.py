from collections.abc import Callable, Iterator
from fnmatch import fnmatchcase
from functools import lru_cache

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: registries base images may come from (`docker.io`, `ghcr.io`, `*.gcr.io`, `*`); empty = off
    trusted_registries: tuple[str, ...] = ()


@rule(
    id="DKR026",
    name="untrusted-registry",
    title="Base image from a registry that is not trusted",
    kind=Kind.DOCKERFILE,
    severity=Severity.ERROR,
    tags=("security", "supply-chain"),
    aliases=("DL3026",),
    security_severity=6.5,
    options=Options,
)
def untrusted_registry(df: Dockerfile, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    Organisations often allow base images only from registries they mirror or vet. With the
    `trusted-registries` option set, this fires on a `FROM` whose image comes from any other
    registry (images without a registry come from `docker.io`). ARG defaults are resolved first;
    stage references and `scratch` pass. Without the option the rule does nothing.

    ## Example
        # (no example: the rule only runs with the trusted-registries option)

    ## Use instead
        FROM registry.example.com/base/python:3.12

    ## Options
    `trusted-registries`: list of registry host names; `*` wildcards match (`*.gcr.io`). The
    hadolint config key `trustedRegistries` maps here.

    ## Differences from hadolint
    DL3026 sees `FROM ${REGISTRY}/app` as an unknown registry; here the ARG default is resolved,
    and a reference that stays unknown passes rather than guessing.
    """
    trusted = ctx.options.trusted_registries if ctx.options is not None else ()
    if not trusted:
        return
    matches = _matcher(trusted)
    shown = ", ".join(trusted[:5]) + (f" and {len(trusted) - 5:,} more" if len(trusted) > 5 else "")
    for stage in df.stages:
        base = stage.base
        if base.is_stage or base.is_scratch or not base.is_resolved:
            continue
        if not matches(base.hub_registry):
            registry = base.hub_registry or "docker.io"
            yield ctx.finding(base, f"{registry} is not a trusted registry (trusted: {shown})")


@lru_cache(maxsize=8)
def _matcher(trusted: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a registry (``""`` for Docker Hub) is on ``trusted``: plain names in a set, so a
    config listing thousands of registries costs one lookup per FROM, and the few wildcard
    patterns tried in turn."""
    exact = frozenset(p for p in trusted if not any(c in p for c in "*?["))
    wild = tuple(p for p in trusted if p not in exact)
    hub = "hub.docker.com" in exact

    def matches(registry: str) -> bool:
        name = registry or "docker.io"
        return name in exact or (hub and not registry) or any(fnmatchcase(name, p) for p in wild)

    return matches
