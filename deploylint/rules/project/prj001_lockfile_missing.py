from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.dockerfile import Dockerfile, Run, _CopyLike
from deploylint.project import Project
from deploylint.registry import rule
from deploylint.shell.facts import Manager, package_installs
from deploylint.source import Span

#: manager -> (lock files any of which is needed, manifests that locate it)
LOCKS: dict[Manager, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Manager.NPM: (("package-lock.json", "npm-shrinkwrap.json"), ("package.json", "package*.json", "package-lock.json")),
    Manager.YARN: (("yarn.lock",), ("package.json", "package*.json", "yarn.lock")),
    Manager.PNPM: (("pnpm-lock.yaml",), ("package.json", "package*.json", "pnpm-lock.yaml")),
}


def _copied_dir(df: Dockerfile, run: Run, manifests: tuple[str, ...]) -> str | None:
    """The context folder the manifest was copied from before ``run`` (None: not known)."""
    stage = next((st for st in df.stages if run in st.instructions), None)
    if stage is None:
        return None
    found = None
    for ins in stage.instructions:
        if ins is run:
            break
        if isinstance(ins, _CopyLike) and ins.flag("from") is None:
            for s in ins.sources:
                p = PurePosixPath(s.value.removeprefix("./"))
                if ins.copies_context:
                    found = "" if found is None else found
                elif p.name in manifests:
                    found = "" if str(p.parent) == "." else str(p.parent)
    return found


@rule(
    id="PRJ001",
    name="lockfile-missing-from-context",
    title="The Dockerfile needs a lock file the build context lacks",
    kind=Kind.PROJECT,
    severity=Severity.ERROR,
    tags=("cross-file", "dockerfile", "breakage"),
)
def lockfile_missing(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    `npm ci`, `yarn install --frozen-lockfile`/`--immutable` and `pnpm install --frozen-lockfile`
    refuse to run without their lock file, `pip install --require-hashes -r F` without `F`, and
    `go mod download` needs `go.sum` to verify modules. When the build context (the Dockerfile's
    folder, or the `build.context` of the compose services that build it) has no such file, or its
    `.dockerignore` leaves it out, the image build fails. The rule looks in the folder the
    manifest is copied from (`COPY package*.json ./` or `COPY . .`).

    ## Example
        (a context with package.json but no package-lock.json, and a Dockerfile:
        `COPY package*.json ./` then `RUN npm ci`)

    ## Use instead
        (commit package-lock.json next to package.json)
    """
    for _art, df in project.of_kind(Kind.DOCKERFILE):
        contexts = project.contexts_of(df)
        for stage in df.stages:
            for run in stage.runs:
                for need, manifests, at in _needs(run):
                    folder = _copied_dir(df, run, manifests)
                    if folder is None:
                        continue
                    if any(_present(project, c, folder, need, df) for c in contexts):
                        continue
                    where = "/".join(p for p in (folder, need[0]) if p)
                    msg = f"this build needs {where}, which the build context lacks (or its .dockerignore excludes)"
                    if len(contexts) == 1 and contexts[0] != df.source.path.resolve().parent:
                        msg += f" (context {project.rel(contexts[0])})"
                    yield ctx.finding(at, msg, source=df.source)


def _needs(run: Run) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], Span]]:
    for inst in package_installs(run.scripts):
        if inst.manager in LOCKS and inst.frozen:
            locks, manifests = LOCKS[inst.manager]
            yield locks, manifests, inst.span
        elif inst.manager is Manager.PIP and inst.frozen:
            for f in inst.requirement_files:
                if f.is_literal:
                    name = PurePosixPath(f.value).name
                    yield (name,), (name,), f.span
    for cmd in run.commands:
        eff = cmd.effective()
        if eff.command_name == "go" and eff.argv[1:3] == ("mod", "download"):
            yield ("go.sum",), ("go.mod", "go.sum", "go.*"), eff.span


def _present(project: Project, context: Path, folder: str, need: tuple[str, ...], df: Dockerfile) -> bool:
    ignore = df.context_dockerignore if context == df.source.path.resolve().parent else None
    for name in need:
        rel = f"{folder}/{name}" if folder else name
        if (context / rel).is_file() and not (ignore is not None and ignore.excludes(rel)):
            return True
    return False
