from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Arg
from deploylint.models.project import DockerfileRef, Project, Unresolved
from deploylint.registry import Kind, rule


@rule(
    id="PRJ008",
    name="build-target-or-arg-unknown",
    title="Compose builds a stage or sets an ARG the Dockerfile does not have",
    kind=Kind.PROJECT,
    severity=Severity.WARNING,
    tags=("cross-file", "compose", "dockerfile", "breakage"),
)
def build_target_or_arg_unknown(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    `build.target: prod` fails the build when the Dockerfile has no stage named `prod` (stages
    get renamed). A `build.args` entry that no `ARG` in the Dockerfile declares is silently
    ignored, so the value you meant to pass (a version, a feature flag) never reaches the build.

    ## Example
        (compose.yaml: `build: {context: ., target: prod, args: {NODE_VERSION: "20"}}` with a
        Dockerfile whose stages are `build` and `runtime` and which declares no NODE_VERSION)

    ## Use instead
        (`target: runtime`, and `ARG NODE_VERSION` in the Dockerfile)
    """
    # per Dockerfile (by id: the project keeps each model alive), worked out once for all the
    # services that build it, not once per service
    stage_names: dict[int, str] = {}
    declared_args: dict[int, frozenset[str]] = {}
    for sb in project.service_builds:
        if not isinstance(sb.dockerfile, DockerfileRef):
            continue
        df = sb.dockerfile.model
        related = (ctx.location(df.source.line_span(1), note="the Dockerfile it builds"),)
        if sb.target is not None and isinstance(sb.stage, Unresolved):
            names = stage_names.get(id(df))
            if names is None:
                names = stage_names[id(df)] = (
                    ", ".join(st.name.value for st in df.stages if st.name is not None) or "none"
                )
            msg = f"service {sb.service.name!r} builds target {sb.target.value!r}, but the Dockerfile's stages are: {names}"
            yield ctx.finding(sb.target.span, msg, related=related)
        declared = declared_args.get(id(df))
        if declared is None:
            declared = declared_args[id(df)] = frozenset(
                kv.name for ins in df.walk() if isinstance(ins, Arg) for kv in ins.pairs
            )
        for arg in sb.args:
            if arg.value not in declared:
                msg = f"build arg {arg.value!r} of service {sb.service.name!r} is declared by no ARG in the Dockerfile"
                yield ctx.finding(arg.span, msg, related=related)
