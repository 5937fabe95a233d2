"""Links between PM2 ecosystem files and the rest of the project: the ports their apps listen on
(for nginx upstreams on the local host, PRJ002), and the Dockerfiles that run one with
``pm2-runtime`` (the argument resolved against the WORKDIR, then through the COPY/ADD that puts
the file there, to the build context)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.kinds import PM2_NAMES, Kind
from deploylint.models.base import Located
from deploylint.models.dockerfile import (
    Cmd,
    CopyLike,
    Dockerfile,
    Entrypoint,
    Instruction,
    Stage,
    Workdir,
    is_whole_context,
)
from deploylint.models.project import ListenPort, Pm2Listen, Pm2Run, Unresolved

if TYPE_CHECKING:
    from deploylint.links.base import LinkerBase


def pm2_listens(project: LinkerBase) -> list[Pm2Listen]:
    """Every literal ``PORT`` an app of a scanned ecosystem file sets."""
    from deploylint.models.pm2 import Pm2File

    out: list[Pm2Listen] = []
    for _art, pm2 in project.of_kind(Kind.PM2):
        if isinstance(pm2, Pm2File):
            out += [Pm2Listen(port, at, pm2.source, app.name) for app in pm2.apps for port, at in app.ports]
    return out


def _ecosystem_arg(argv: tuple[Located[str], ...]) -> Located[str] | None:
    """The ecosystem file a ``pm2-runtime [start] FILE`` or ``pm2 start FILE`` argv names."""
    for i, w in enumerate(argv):
        name = w.value.rsplit("/", 1)[-1]
        rest = argv[i + 1 :]
        if name == "pm2" and rest and rest[0].value == "start":
            rest = rest[1:]
        elif name == "pm2-runtime":
            rest = rest[1:] if rest and rest[0].value == "start" else rest
        else:
            continue
        arg = next((a for a in rest if not a.value.startswith("-")), None)
        if arg is not None and arg.value.rsplit("/", 1)[-1] in PM2_NAMES:
            return arg
        return None
    return None


def _workdir(stage: Stage, before: Instruction) -> str | None:
    """The WORKDIR in effect at ``before`` (``/`` without one; None when one is not a literal)."""
    cur = "/"
    for st in reversed(stage.chain):
        for ins in st.instructions:
            if ins is before:
                return cur
            if isinstance(ins, Workdir) and ins.path is not None:
                if "$" in ins.path.value:
                    return None
                cur = posixpath.normpath(posixpath.join(cur, ins.path.value))
    return cur


def _copied_from(project: LinkerBase, df: Dockerfile, stage: Stage, path: str) -> Path | Unresolved:
    """The build-context file the last COPY/ADD that writes container ``path`` copies."""
    contexts = project.contexts_of(df)

    def in_context(rel: str) -> Path | None:
        for ctx in contexts:
            candidate = Path(posixpath.normpath((ctx / rel).as_posix()))
            if project.is_file(candidate):
                return candidate
        return None

    def under(folder: str) -> str | None:
        return posixpath.relpath(path, folder) if path.startswith(folder.rstrip("/") + "/") else None

    copies = [i for st in reversed(stage.chain) for i in st.instructions if isinstance(i, CopyLike)]
    for c in reversed(copies):
        wd = _workdir(stage, c)
        if c.dest is None or "$" in c.dest.value or wd is None:
            continue
        dest = posixpath.normpath(posixpath.join(wd, c.dest.value))
        for s in c.sources:
            src = s.value.strip()
            rel: str | None
            if is_whole_context(src):
                rel = under(dest)
            elif path in (dest, posixpath.join(dest, posixpath.basename(src.rstrip("/")))):
                rel = src  # a file copied to dest or into it (or a folder of that name)
            elif c.flag("from") is None and in_context(src) is not None:
                rel = None  # a file, copied elsewhere
            else:  # a folder's contents
                inner = under(dest)
                rel = posixpath.join(src, inner) if inner is not None else None
            if rel is None:
                continue
            other = c.flag("from")
            if other is not None:
                return Unresolved(f"{path} is copied from another stage or image ({other.text})")
            if "$" in rel or "*" in rel:
                return Unresolved(f"{path} is copied from {src!r}, not a literal path")
            found = in_context(rel)
            if found is not None:
                return found
            return Unresolved(
                f"{posixpath.normpath(rel)} is not in the build context ({project.rel(contexts[0])})", missing=True
            )
    return Unresolved(f"no COPY or ADD brings {path} into the image")


def link_pm2_runs(project: LinkerBase) -> list[Pm2Run]:
    """The Dockerfiles (their final stage) that start an ecosystem file with PM2."""
    out: list[Pm2Run] = []
    for _art, df in project.of_kind(Kind.DOCKERFILE):
        stage = df.final_stage
        if not isinstance(df, Dockerfile) or stage is None:
            continue
        for ins in (stage.in_effect(Entrypoint), stage.in_effect(Cmd)):
            arg = None
            for argv in ins.argvs(df.source) if ins is not None else ():
                arg = _ecosystem_arg(argv)
                if arg is not None:
                    break
            if ins is None or arg is None:
                continue
            if "$" in arg.value:
                out.append(Pm2Run(df, stage, arg, None, Unresolved(f"{arg.value!r} is not a literal path")))
                break
            wd = _workdir(stage, ins)
            if wd is None and not arg.value.startswith("/"):
                out.append(Pm2Run(df, stage, arg, None, Unresolved("the WORKDIR is not a literal path")))
                break
            path = posixpath.normpath(posixpath.join(wd or "/", arg.value))
            out.append(Pm2Run(df, stage, arg, path, _copied_from(project, df, stage, path)))
            break
    return out


def pm2_ports(project: LinkerBase, df: Dockerfile) -> list[ListenPort]:
    """The ports the apps of the ecosystem file ``df`` runs with pm2-runtime listen on."""
    from deploylint.models.pm2 import Pm2File

    out: list[ListenPort] = []
    for run in project.pm2_runs if any(a.kind is Kind.PM2 for a in project.artifacts) else ():
        if run.dockerfile is df and isinstance(run.target, Path):
            pm2 = project.load(run.target, Kind.PM2)
            if isinstance(pm2, Pm2File):
                out += [
                    ListenPort(port, f"PM2 app {app.name!r}", Located(at.value, at.span))
                    for app in pm2.apps
                    for port, at in app.ports
                ]
    return out


__all__ = ["link_pm2_runs", "pm2_listens", "pm2_ports"]
