from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import ImageTag, Project, WorkflowBuild
from deploylint.registry import Kind, rule


@rule(
    id="PRJ007",
    name="deployed-image-not-built",
    title="Compose deploys a pinned tag of an image the workflows push only as latest",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "compose", "workflow", "deploy"),
)
def image_never_built(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    When the only tag your workflows push for `ghcr.io/acme/web` is `latest` and compose deploys
    `ghcr.io/acme/web:2.0`, the pinned tag compose deploys is never produced here: the deploy
    pulls a stale image, or fails, while a `latest` deploy cannot be rolled back. Push a
    versioned tag (the commit SHA, the release) and deploy that.

    Only builds that push count (`--push`, `push: true`, or a `docker push` in the job; a
    build that only loads the image for tests does not), and an image the workflows also push
    under a repository written as an expression (`${{ env.REPO }}/web`) is not judged. An image
    that no workflow here builds (built in another repository, pulled from a registry) is
    unknown, not missing, and is not reported.

    ## Example
        (a workflow pushes `ghcr.io/acme/web:latest`; compose.yaml deploys
        `image: ghcr.io/acme/web:2.0`)

    ## Use instead
        (push ghcr.io/acme/web tagged with the release, `ghcr.io/acme/web:2.0`, as well)
    """
    builds = [b for b in project.workflow_builds if b.tags and b.pushes]
    by_repo: dict[str, list[tuple[WorkflowBuild, ImageTag]]] = {}
    dynamic: set[str] = set()  # last path parts of repositories written with expressions
    for b in builds:
        for t in b.tags:
            if "$" in t.repository:
                dynamic.add(_last(t.repository))
            else:
                by_repo.setdefault(t.repository, []).append((b, t))
    for compose in project.compose_files:
        for s in compose.services:
            img = s.image
            if img is None or not img.is_resolved or s.build is not None:
                continue
            made = by_repo.get(img.path)
            if made is None or _last(img.path) in dynamic or any("$" in n for n in dynamic):
                continue  # not built here (unknown), or perhaps also pushed under an expression
            if all(not t.versioned for _, t in made) and (img.tag or "latest") != "latest":
                b, t = made[0]
                related = (ctx.location(t.at.span, note=f"pushed only as {t.tag or 'latest'}"),)
                msg = f"compose deploys {img.path}:{img.tag}, but the workflows push it only as :{t.tag or 'latest'}"
                yield ctx.finding(img.span, msg, related=related)


def _last(repo: str) -> str:
    return repo.rsplit("/", 1)[-1]
