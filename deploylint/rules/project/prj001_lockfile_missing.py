from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.dockerfile import CopyLike, Dockerfile, Run
from deploylint.models.installs import Manager, run_installs
from deploylint.models.project import Project
from deploylint.registry import rule
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
        if isinstance(ins, CopyLike) and ins.flag("from") is None:
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
    `go mod download` needs `go.sum` to verify modules. When the build context has no such file,
    or its `.dockerignore` leaves it out, the image build fails.

    The lock file is looked for where the manifest is copied from (`COPY app/package*.json ./`
    looks in `app/` of the context; `COPY . .` at its root). The context is the `build.context`
    of the compose services, or of the workflow steps, that build the Dockerfile. When nothing in
    the scan builds it, the context is inferred from the COPY sources: the nearest folder, from
    the Dockerfile's own up to the repository root, that holds the copied manifest. A build whose
    manifest is in none of its contexts is not judged (the context, or a generated manifest, is
    out of sight). The message names the context folder it looked in.

    ## Example
        (a context with package.json but no package-lock.json, and a Dockerfile:
        `COPY package*.json ./` then `RUN npm ci`)

    ## Use instead
        (commit package-lock.json next to package.json)
    """
    for _art, df in project.of_kind(Kind.DOCKERFILE):
        linked = project.linked_contexts(df)
        for stage in df.stages:
            for run in stage.runs:
                for need, manifests, anchor, at in _needs(run):
                    folder = _copied_dir(df, run, manifests)
                    if folder is None:
                        continue
                    contexts = _judged(project, df, linked, folder, anchor)
                    if not contexts or any(_present(project, c, folder, need, df) for c in contexts):
                        continue
                    where = _join(folder, need[0])
                    names = ", ".join(repr(project.rel(c) or ".") for c in contexts)
                    msg = f"this build needs {where}, which the build context {names} lacks (or its .dockerignore excludes)"
                    yield ctx.finding(at, msg)


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _judged(project: Project, df: Dockerfile, linked: list[Path], folder: str, anchor: str | None) -> list[Path]:
    """The contexts to judge: the linked ones that hold the manifest locating the lock file
    (all of them when the needed file is itself the manifest), else the inferred one."""
    if linked:
        return [c for c in linked if anchor is None or project.is_file(c / _join(folder, anchor))]
    if anchor is None:
        return []
    found = project.inferred_context(df, _join(folder, anchor))
    return [found] if found is not None else []


def _needs(run: Run) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], str | None, Span]]:
    """(lock files any of which is needed, manifests that locate it, the manifest that must be
    there for a context to be judged (None: the needed file is the manifest), where) for each
    install that needs a lock file."""
    for inst in run_installs(run):
        if inst.manager in LOCKS and inst.frozen:
            locks, manifests = LOCKS[inst.manager]
            yield locks, manifests, "package.json", inst.span
        elif inst.manager is Manager.PIP and inst.frozen:
            for f in inst.requirement_files:
                if f.is_literal:
                    name = PurePosixPath(f.value).name
                    yield (name,), (name,), None, f.span
    for cmd in run.commands:
        eff = cmd.effective()
        if eff.command_name == "go" and eff.argv[1:3] == ("mod", "download"):
            yield ("go.sum",), ("go.mod", "go.sum", "go.*"), "go.mod", eff.span


def _present(project: Project, context: Path, folder: str, need: tuple[str, ...], df: Dockerfile) -> bool:
    ignore = project.dockerignore_for(df, context)
    for name in need:
        rel = _join(folder, name)
        if project.is_file(context / rel) and not (ignore is not None and ignore.excludes(rel)):
            return True
    return False
