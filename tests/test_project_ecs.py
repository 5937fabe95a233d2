"""ECS definitions in the project model: workflow links, the container -> Dockerfile link, and the
cross-file findings on fixtures/projects/ecs (root = the fixture, so its folder says nothing about
the profile)."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.links.ecs import image_source
from deploylint.models.ecs import EcsFile
from deploylint.models.project import Unresolved
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.test_project import _scan_project

ECS = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "ecs"


def test_workflow_references_resolve_or_stay_unresolved() -> None:
    p = _scan_project(Settings(root=ECS.resolve(), select=["PRJ", "ECS"], fail_on=None), [ECS])
    refs = {(r.how, r.at.value): r for r in p.ecs.refs}
    render = refs[("render", ".aws/task-definition.json")]
    assert render.path == (ECS / ".aws" / "task-definition.json").resolve() and render.container == "api"
    assert (render.at.span.start_line, render.at.span.start_col) == (22, 28)
    deploy = refs[("deploy", "${{ steps.render.outputs.task-definition }}")]
    assert isinstance(deploy.path, Unresolved)  # an expression: not guessed
    worker = refs[("register-task-definition", ".aws/worker-task-definition.json")]
    assert isinstance(worker.path, Path) and not worker.path.exists()
    assert isinstance(refs[("update-service", ".aws/service.json")].path, Path)


def test_container_image_links_to_the_dockerfile_the_job_builds() -> None:
    p = _scan_project(Settings(root=ECS.resolve(), select=["ECS"], fail_on=None), [ECS])
    (ecs,) = [m for _, m in p.of_kind(Kind.ECS) if isinstance(m, EcsFile) and m.task]
    api, metrics = ecs.containers
    src = image_source(p, ecs, api)
    assert src is not None and src.dockerfile.path == (ECS / "api" / "Dockerfile").resolve()
    assert "job 'deploy'" in src.how
    assert image_source(p, ecs, metrics) is None  # nothing in the project builds it


def test_findings_on_the_fixture() -> None:
    settings = Settings(root=ECS.resolve(), select=["ECS", "PRJ"], fail_on=None)
    report = Engine(settings, registry()).run([ECS])
    got = {
        (Path(f.location.path).resolve().relative_to(ECS.resolve()).as_posix(), f.rule_id, f.location.span.start_line)
        for f in report.findings
    }
    assert got == {
        (".aws/service.json", "ECS009", 3),  # no circuit breaker
        (".aws/task-definition.json", "ECS007", 10),  # no user, and api/Dockerfile has no USER
        (".aws/task-definition.json", "ECS008", 10),
        (".aws/task-definition.json", "ECS008", 17),
        (".aws/task-definition.json", "ECS001", 18),  # :production; 'api' is rendered, so not judged
        (".aws/task-definition.json", "ECS011", 12),  # 8080 while the Dockerfile EXPOSEs 3000
        (".aws/task-definition.json", "ECS011", 13),  # curl in node:20-alpine
        (".github/workflows/deploy.yml", "PRJ005", 31),  # worker-task-definition.json is missing
    }
