from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

FLOATING = frozenset({"latest", "stable", "edge", "nightly", "test", "dev", "beta", "canary", "lts", "main", "master"})


@rule(
    id="CMP017",
    name="image-not-digest-pinned",
    title="Image is pinned by tag, not by digest",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "supply-chain"),
    aliases=("CL-0019",),
)
def image_not_digest_pinned(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A version tag can be pushed again: a compromised registry account or a rebuilt image changes
    what `postgres:16.4` means. A digest (`postgres:16.4@sha256:...`) names the exact content; a
    bot such as Renovate keeps it current. Hardening advice: information (a warning under the
    `strict` preset), nothing in development files. Images with no tag
    or a floating tag are CMP001's; images a `build:` section produces are not judged.

    ## Example
        services:
          db:
            image: postgres:16.4

    ## Use instead
        services:
          db:
            image: postgres:16.4@sha256:0ed5d5928d4737458944eb604cc8509e245c3e19d02ad83935398bc4b991aac7
    """
    for svc in model:
        img = svc.image
        if img is None or not img.is_resolved or img.is_pinned or svc.build is not None:
            continue
        sev = model.advice(img, ctx.rule.meta.severity)
        if img.tag is not None and img.tag.lower() not in FLOATING and sev is not None:
            # a tag left empty by a variable with no value here is shown as written, not as 'name:'
            shown = f"{img.path}:{img.tag}" if img.tag else img.raw.value.strip()
            msg = f"image {shown} of service {svc.name.value!r} is not pinned by digest"
            yield ctx.finding(img, msg, severity=sev)
