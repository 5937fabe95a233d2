from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.profiles import in_development
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: a `pull_policy` makes the intent explicit, so the pair passes
    check_pull_policy: bool = True


@rule(
    id="CMP028",
    name="build-and-image",
    title="Service has both `build` and `image`",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("correctness",),
    aliases=("no-build-and-image",),
    options=Options,
)
def build_and_image(model: ComposeFile, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    With both keys, Compose first tries to pull `image` and builds only when the pull fails: if
    a registry has an image of that name (a public `nginx`, an old push of yours), the service
    runs it instead of your build. Set `pull_policy: build` (or another explicit policy) to say
    which one you mean, or drop one of the keys. Development and override files (see
    `deploylint.profiles`) set both on purpose, to build locally the image a base file pulls:
    not judged.

    ## Example
        services:
          web:
            build: .
            image: example/web:1.0.0

    ## Use instead
        services:
          web:
            build: .
            image: example/web:1.0.0
            pull_policy: build

    ## Options
    `check_pull_policy` (default true): accept the pair when `pull_policy` is set.
    """
    for svc in model:
        if svc.build is None or svc.image is None or in_development(svc.image.file.path, ctx.settings):
            continue
        if ctx.options.check_pull_policy and svc.scalar("pull_policy") is not None:
            continue
        msg = f"service {svc.name.value!r} has both build and image; set pull_policy to say which wins"
        yield ctx.finding(svc.image, msg)
