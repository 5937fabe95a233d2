from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.ecs import EcsFile
from deploylint.registry import Kind, rule


@rule(
    id="ECS001",
    name="ecs-image-mutable-tag",
    title="Container image is untagged, :latest or an environment tag",
    kind=Kind.ECS,
    severity=Severity.WARNING,
    tags=("reproducibility", "deploy"),
    needs_project=True,
)
def mutable_image_tag(ecs: EcsFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    ECS pulls the image when a task starts, so a task definition pointing at `:latest` (or no tag)
    or at an environment tag such as `:production`, `:prod`, `:staging`, `:stable` or `:dev` runs
    whatever was pushed last: a scale-out or a replaced host runs other code than its siblings, and
    rolling back to the previous revision of the task definition brings back the same moving tag,
    not the previous image. Tag images with the commit SHA or a version. A digest pins the image
    whatever the tag says; placeholders (`<IMAGE>`, `${IMAGE}`) and containers whose image a
    workflow's `amazon-ecs-render-task-definition` step replaces are not judged, nor are
    development-profile files.

    ## Example
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:production"}]
        }

    ## Use instead
        {
          "family": "api",
          "containerDefinitions": [{"name": "api", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:3f9c2e1"}]
        }
    """
    if not ecs.production:
        return
    for c in ecs.containers:
        img = c.image
        problem = img.deploy_tag_problem if img is not None else None
        project = ctx.project
        if img is None or problem is None or (project is not None and project.ecs.render_of(ecs, c) is not None):
            continue
        yield ctx.finding(img.raw, f"container {c.name!r}: image {img.resolved!r} {problem}")
