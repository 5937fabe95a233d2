from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: also report tagged images without an ``@sha256:`` digest (hardening advice, info level)
    require_digest: bool = False


@rule(
    id="DKR001",
    name="mutable-base-image",
    title="Base image has no tag or uses :latest",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reproducibility", "supply-chain"),
    aliases=("DL3006", "DL3007", "DS-0001", "CKV_DOCKER_7"),
    options=Options,
)
def mutable_base_image(df: Dockerfile, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    `FROM node` and `FROM node:latest` build on whatever the registry serves that day: the next
    build can pull a new major version and break, and two builds of one commit differ. ARG
    defaults are resolved, so `ARG BASE=node` + `FROM ${BASE}` counts as untagged. `scratch` and
    earlier stages are exempt; images behind an ARG without a default are not judged. When the
    image or its tag is an ARG (`FROM ${BASE}`, `FROM acme/app:${TAG}`), the default is a
    fallback the build usually overrides (`--build-arg`, Compose `args:`, a CI matrix): a floating
    default is `info`. So is a development image (`Dockerfile.dev`, a `gitpod/` or `workstation/`
    folder, see `deploylint.profiles`), which usually tracks a vendor's workspace image on purpose.

    ## Example
        FROM node:latest

    ## Use instead
        FROM node:20.11-bookworm-slim

    ## Options
    `require_digest` (default false): also report, at info level, tagged images that are not
    pinned by digest (`node:20@sha256:...`), for teams that require digest pins.

    ## Differences from hadolint
    DL3006/DL3007 do not expand ARGs, so `FROM ${BASE}` always fires there; here the ARG default
    decides, as in trivy's DS-0001.
    """
    opts: Options = ctx.options or Options()
    for stage in df.stages:
        ref = stage.base
        if ref.is_stage or ref.is_scratch or not ref.is_resolved or ref.is_pinned:
            continue
        shown = ref.resolved if ref.resolved != ref.raw.value else ref.raw.value
        via = f" (from {ref.raw.value})" if ref.resolved != ref.raw.value else ""
        sev = Severity.INFO if df.is_development_image or _tag_from_arg(ref.raw.value) else None
        if not ref.has_tag:
            yield ctx.finding(ref.raw, f"base image {shown}{via} has no tag, so it floats with :latest", severity=sev)
        elif ref.is_latest:
            yield ctx.finding(ref.raw, f"base image {shown}{via} uses the mutable :latest tag", severity=sev)
        elif opts.require_digest:
            msg = f"base image {shown}{via} is not pinned by digest"
            yield ctx.finding(ref.raw, msg, severity=Severity.INFO)


def _tag_from_arg(raw: str) -> bool:
    """The image as written is one ARG (``${BASE}``), or its tag is (``acme/app:${TAG}``)."""
    name = raw.strip()
    if name.startswith("$") and "/" not in name and ":" not in name.strip("${}"):
        return True
    last = name.rsplit("/", 1)[-1]
    return ":" in last and "$" in last.split(":", 1)[1]
