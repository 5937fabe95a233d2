"""Links between ECS definitions and the rest of the project.

- workflow -> definition file: ``aws-actions/amazon-ecs-render-task-definition`` and
  ``amazon-ecs-deploy-task-definition`` (``task-definition:`` input) and ``aws ecs
  register-task-definition|create-service|update-service --cli-input-json file://PATH``;
- container -> Dockerfile: the render step that replaces the container's image with the one a build
  step of the same job produced, else a build step (any workflow) pushing the container's
  repository by name.

Paths written with expressions or variables are :class:`Unresolved`, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.kinds import Kind
from deploylint.models.base import Located
from deploylint.models.project import DockerfileRef, EcsLinks, EcsRef, ImageSource
from deploylint.paths import resolve

if TYPE_CHECKING:
    from deploylint.links.workflow import WorkflowLinks
    from deploylint.models.ecs import Container, EcsFile
    from deploylint.models.workflow import Job, Step, Workflow

RENDER = "aws-actions/amazon-ecs-render-task-definition"
DEPLOY = "aws-actions/amazon-ecs-deploy-task-definition"
_CLI_SUBCOMMANDS = ("register-task-definition", "create-service", "update-service")


def _refs(project: WorkflowLinks, wf: Workflow, job: Job, step: Step, base: Path) -> list[EcsRef]:
    out: list[EcsRef] = []
    u = step.uses
    if u is not None and u.is_(RENDER, DEPLOY):
        td = step.input("task-definition")
        if td is not None:
            how = "render" if u.is_(RENDER) else "deploy"
            name = step.input("container-name") if how == "render" else None
            path = project.path_at(base, td.value)
            at = Located(td.value, td.span)
            out.append(EcsRef(wf, job, step, how, path, at, name.value if name is not None else None))
    wd = project.step_dir(step, base)
    for cmd in step.commands("aws"):
        words = cmd.words
        texts = [w.value for w in words]
        if cmd.command_name != "aws" or "ecs" not in texts:
            continue
        sub = next((t for t in texts if t in _CLI_SUBCOMMANDS), None)
        if sub is None:
            continue
        for i, w in enumerate(words):
            value = None
            if w.value == "--cli-input-json" and i + 1 < len(words):
                w = words[i + 1]
                value = w.value
            elif w.value.startswith("--cli-input-json="):
                value = w.value.split("=", 1)[1]
            if value is None or not value.startswith("file://"):
                continue
            rel = value.removeprefix("file://")
            out.append(EcsRef(wf, job, step, sub, project.path_at(wd, rel), Located(rel, w.span)))
    return out


def link_ecs(project: WorkflowLinks) -> EcsLinks:
    refs: list[EcsRef] = []
    for art, wf in project.of_kind(Kind.WORKFLOW):
        base = project.workflow_base(art.path)
        for job in wf.jobs:
            for step in job.steps:
                refs += _refs(project, wf, job, step, base)
    rendered: dict[tuple[Path, str], EcsRef] = {}
    for r in refs:
        if r.how == "render" and r.container is not None and isinstance(r.path, Path):
            try:
                rendered.setdefault((resolve(r.path), r.container), r)
            except OSError:
                continue
    return EcsLinks(refs, rendered)


def image_source(project: WorkflowLinks, ecs: EcsFile, container: Container) -> ImageSource | None:
    """The Dockerfile that builds ``container``'s image, when the project shows it."""
    links: EcsLinks = project.ecs
    render = links.render_of(ecs, container)
    if render is not None:
        for wb in project.workflow_builds:
            if wb.job is render.job and isinstance(wb.dockerfile, Path):
                ref = project.dockerfile(wb.dockerfile)
                if isinstance(ref, DockerfileRef):
                    return ImageSource(ref, f"built in job {render.job.id.value!r} and rendered into this container")
    img = container.image
    if img is None:
        return None
    full = img.normalised
    for wb in project.workflow_builds:
        if isinstance(wb.dockerfile, Path) and any(t.repository.lower() == full for t in wb.tags):
            ref = project.dockerfile(wb.dockerfile)
            if isinstance(ref, DockerfileRef):
                return ImageSource(ref, f"built as {full} by workflow {project.rel(wb.source.path)}")
    return None


def ecs_file(project: WorkflowLinks, path: Path) -> EcsFile | None:
    """The ECS model of a file a workflow names (scanned, or read on demand)."""
    model = project.load(path, Kind.ECS)
    from deploylint.models.ecs import EcsFile

    return model if isinstance(model, EcsFile) else None


__all__ = ["ecs_file", "image_source", "link_ecs"]
