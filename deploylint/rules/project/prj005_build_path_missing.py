from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.project import Project, Unresolved
from deploylint.profiles import DEVELOPMENT, is_fixture, profile_of
from deploylint.registry import Kind, rule


@rule(
    id="PRJ005",
    name="build-path-missing",
    title="A build context, Dockerfile or compose file path does not exist",
    kind=Kind.PROJECT,
    severity=Severity.ERROR,
    tags=("cross-file", "breakage"),
)
def build_path_missing(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    A compose `build.context` or `build.dockerfile`, a workflow's `docker build -f X`, a
    `docker/build-push-action` `file:`/`context:` input, or `docker compose -f X` that points at a
    path that is not in the repository fails the build or the deploy, usually only when it runs
    in CI or on the server. The same holds for the ECS definition a workflow reads
    (`amazon-ecs-render-task-definition` / `amazon-ecs-deploy-task-definition` `task-definition:`,
    `aws ecs register-task-definition --cli-input-json file://...`). Paths written with variables
    or expressions are not judged. A compose file that is a test fixture (`tests/resources/`,
    `fixtures/`, `testdata/`: input of the project's own tests, which nobody builds) is not
    judged, and one in a development file or folder (see `deploylint.profiles`) is an `info`.

    ## Example
        (compose.yaml: `build: {context: ./api, dockerfile: Dockerfile.prod}` with no
        api/Dockerfile.prod in the repository)

    ## Use instead
        (point at the file that exists: `dockerfile: Dockerfile`)
    """
    for sb in project.service_builds:
        b = sb.service.service.build
        if b is None:
            continue
        if isinstance(sb.context, Unresolved) and sb.context.missing:
            at, reason = b.context or b.node, sb.context.reason
        elif isinstance(sb.dockerfile, Unresolved) and sb.dockerfile.missing:
            at, reason = b.dockerfile or b.node, sb.dockerfile.reason
        else:
            continue
        path = sb.service.source.path
        if is_fixture(path, project.root):
            continue
        dev = profile_of(path, project.root, ctx.settings) == DEVELOPMENT
        sev = Severity.INFO if dev else None
        yield ctx.finding(at.span, f"service {sb.service.name!r}: {reason}", severity=sev)
    for wb in project.workflow_builds:
        for what, link, where in (
            ("build context", wb.context, wb.context_at),
            ("dockerfile", wb.dockerfile, wb.dockerfile_at),
        ):
            if where is None or isinstance(link, Unresolved) or project.exists(link):
                continue
            yield ctx.finding(where.span, f"{what} {project.rel(link)!r} does not exist")
    for ref in project.workflow_compose:
        if not isinstance(ref.path, Unresolved) and not project.exists(ref.path):
            yield ctx.finding(ref.at.span, f"compose file {project.rel(ref.path)!r} does not exist")
    for er in project.ecs.refs:
        if not isinstance(er.path, Unresolved) and not project.exists(er.path):
            what = "task definition" if er.how != "create-service" else "service definition"
            yield ctx.finding(er.at.span, f"{what} {project.rel(er.path)!r} does not exist")
