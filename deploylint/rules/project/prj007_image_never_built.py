from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import ImageTag, WorkflowBuild
from deploylint.project import Project
from deploylint.registry import Kind, rule


def _namespace(repo: str) -> str:
    return repo.rsplit("/", 1)[0] if "/" in repo else ""


@rule(
    id="PRJ007",
    name="deployed-image-not-built",
    title="Compose or ECS deploys an image no workflow builds, or one pushed only under a moving tag",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "compose", "workflow", "deploy"),
)
def image_never_built(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    When your workflows build and push `ghcr.io/acme/api` and compose deploys
    `ghcr.io/acme/worker:1.4`, nothing in the repository produces the worker image: it is stale,
    built by hand, or a typo. And when the only tag a workflow pushes is `latest` (or an
    environment tag such as `production`, overwritten on every deploy), the pinned tag compose
    deploys is never produced, while a moving-tag deploy cannot be rolled back. ECS task
    definitions are judged the same way, except containers whose image a workflow's
    `amazon-ecs-render-task-definition` step fills in. Only images in a registry namespace your
    workflows push to are judged, so public images (postgres, redis) never fire.

    ## Example
        (a workflow pushes `ghcr.io/acme/api:${{ github.sha }}`; compose.yaml deploys
        `image: ghcr.io/acme/worker:1.4`, or a task definition `"image": "ghcr.io/acme/worker:1.4"`)

    ## Use instead
        (build and push ghcr.io/acme/worker in a workflow, tagged with the commit SHA)
    """
    builds = [b for b in project.workflow_builds if b.tags]
    if not builds:
        return
    by_repo: dict[str, list[tuple[WorkflowBuild, ImageTag]]] = {}
    for b in builds:
        for t in b.tags:
            if "${{" not in t.repository and "$" not in t.repository:
                by_repo.setdefault(t.repository, []).append((b, t))
    namespaces = {_namespace(r) for r in by_repo if _namespace(r)}
    for compose in project.compose_files:
        for s in compose.services:
            img = s.image
            if img is None or img.interpolated or s.build is not None:
                continue
            made = by_repo.get(img.repository)
            if made is None:
                if _namespace(img.repository) in namespaces:
                    msg = f"image {img.repository} is deployed here, but no workflow builds it"
                    yield ctx.finding(img.span, msg, source=img.file)
                continue
            if all(not t.versioned for _, t in made) and (img.tag or "latest") != "latest":
                b, t = made[0]
                related = (ctx.location(t.at.span, source=t.at.source, note=f"pushed only as {t.tag or 'latest'}"),)
                msg = f"compose deploys {img.repository}:{img.tag}, but the workflows push it only as :{t.tag or 'latest'}"
                yield ctx.finding(img.span, msg, source=img.file, related=related)
    yield from _ecs_images(project, ctx, by_repo, namespaces)


def _ecs_images(
    project: Project, ctx: Context, by_repo: dict[str, list[tuple[WorkflowBuild, ImageTag]]], namespaces: set[str]
) -> Iterator[Finding]:
    from deploylint.models.ecs import EcsFile

    for _art, ecs in project.of_kind(Kind.ECS):
        if not isinstance(ecs, EcsFile):
            continue
        for c in ecs.containers:
            img = c.image
            if img is None or project.ecs.render_of(ecs, c) is not None:
                continue
            repo = f"{img.registry}/{img.repository}" if img.registry else img.repository
            if repo not in by_repo and _namespace(repo) in namespaces:
                msg = f"container {c.name!r} deploys {repo}, but no workflow builds it"
                yield ctx.finding(img.raw.span, msg, source=ecs.source)
