from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.models.images import ENV_TAGS, deploy_tag_problem, is_env_tag
from deploylint.records import record
from deploylint.registry import Kind, rule

FLOATING = (
    *("latest", "stable", "edge", "nightly", "test", "dev", "beta", "canary", "lts", "main", "master"),
    *sorted(ENV_TAGS - {"stable", "dev"}),
)


@record(slots=False)
class Options:
    #: tags that move to new content (compared case-insensitively)
    floating_tags: tuple[str, ...] = FLOATING


@rule(
    id="CMP001",
    name="mutable-image-reference",
    title="Image reference can change under you",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reproducibility", "supply-chain"),
    aliases=("service-image-require-explicit-tag", "CL-0004"),
    options=Options,
)
def mutable_image(model: ComposeFile, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    An image with no tag means `:latest`, and `latest`, `stable`, `edge`, `nightly` and the like
    point at whatever was pushed last, as do environment tags (`:production`, `:prod`,
    `:staging`), overwritten on every deploy to that environment. A redeploy, a new host or a
    pruned cache then runs other code than the one you tested, and a rollback cannot return to it.
    Production advice: a warning when the file is known to run in production (see `profiles` in
    the configuration), information when nothing tells; development files (`compose.dev.yaml`,
    override files) are not judged.

    A digest (`@sha256:...`) pins the content whatever the tag says. A reference built from
    variables the file cannot resolve (`app:${TAG}`) is not judged; a `.env` beside the file that
    supplies the value is used. A service that also has `build:` names the image it builds, so it
    is not judged either.

    ## Example
        services:
          web:
            image: nginx:latest

    ## Use instead
        services:
          web:
            image: nginx:1.27.3

    ## Options
    `floating_tags`: the tags treated as moving (default: latest, stable, edge, nightly, test,
    dev, beta, canary, lts, main, master, prod, production, staging).

    ## Differences from dclint
    dclint also flags the image a `build:` section tags; we do not, since nothing is pulled.
    Development-profile files are quiet here.
    """
    floating = {t.lower() for t in ctx.options.floating_tags}
    for svc in model:
        img = svc.image
        if img is None or not img.is_resolved or img.is_pinned or svc.build is not None:
            continue
        if img.tag is None:
            msg = f"image {img.path!r} of service {svc.name.value!r} has no tag, so it means :latest"
        elif img.tag.lower() in floating and is_env_tag(img.tag):
            msg = f"image of service {svc.name.value!r} {deploy_tag_problem(img.tag)}"
        elif img.tag.lower() in floating:
            msg = f"image tag {img.tag!r} of service {svc.name.value!r} moves; pin a version or a digest"
        else:
            continue
        sev = model.advice(img, ctx.rule.meta.severity)
        if sev is not None:
            yield ctx.finding(img, msg, severity=sev)
