"""Build links: compose ``build:`` -> build context, Dockerfile and target stage; the build
contexts and ignore file a Dockerfile is built with; the ports a compose service listens on."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.links.base import LinkerBase
from deploylint.models.base import Located
from deploylint.models.ports import BIND_FLAGS, IMAGE_PORTS, PORT_FLAGS, exposed_ports, ports_of
from deploylint.models.project import ComposeService, DockerfileRef, ListenPort, ServiceBuild, Unresolved
from deploylint.parsers import Refused
from deploylint.paths import resolve

if TYPE_CHECKING:
    from deploylint.models.compose import BuildSpec, ComposeFile, Service
    from deploylint.models.dockerfile import Dockerfile, DockerIgnore, Stage


class BuildLinks(LinkerBase):
    """Which compose services build which Dockerfile, and with what."""

    @cached_property
    def service_builds(self) -> list[ServiceBuild]:
        out: list[ServiceBuild] = []
        seen: set[tuple[str, int]] = set()
        for compose in self.compose_files:
            out += self._builds_of(compose, seen)
        return out

    def _builds_of(self, compose: ComposeFile, seen: set[tuple[str, int]]) -> list[ServiceBuild]:
        out = []
        for cs in self.services(compose):
            b = cs.service.build
            if b is None or b.inline:
                continue
            key = _build_key(b)
            if key in seen:
                continue
            seen.add(key)
            out.append(self._build(cs))
        return out

    def _build(self, cs: ComposeService) -> ServiceBuild:
        b = cs.service.build
        assert b is not None
        anchor_node = b.context or b.node
        anchor = Located(anchor_node.value, anchor_node.span)
        context: Path | Unresolved
        df_path: Path | Unresolved
        dockerfile: DockerfileRef | Unresolved
        if b.context_path is None:
            context = df_path = Unresolved("the build context is interpolated or remote")
            dockerfile = Unresolved("the build context is interpolated or remote")
        else:
            try:
                context = self.env.confine(b.context_path)
            except Refused as exc:
                context = Unresolved(str(exc))
            if isinstance(context, Path) and not context.is_dir():
                context = Unresolved(f"build context {self.rel(b.context_path)!r} does not exist", missing=True)
            if b.dockerfile_path is None:
                df_path = Unresolved("the dockerfile path is interpolated")
                dockerfile = Unresolved("the dockerfile path is interpolated")
            elif isinstance(context, Unresolved):
                df_path, dockerfile = context, context
            else:
                df_path = b.dockerfile_path
                dockerfile = self.dockerfile(b.dockerfile_path)
                if isinstance(dockerfile, Unresolved) and dockerfile.missing:
                    where = self.rel(context) or "."
                    reason = f"dockerfile {self.rel(b.dockerfile_path)!r} does not exist (build context {where!r})"
                    dockerfile = Unresolved(reason, missing=True)
        target = Located(b.target.value, b.target.span) if b.target is not None else None
        stage: Stage | Unresolved | None = None
        if target is not None and isinstance(dockerfile, DockerfileRef):
            found = dockerfile.model.stage_named(target.value)
            stage = found if found is not None else Unresolved(f"no stage named {target.value!r}")
        return ServiceBuild(cs, context, dockerfile, df_path, anchor, target, stage, _build_args(cs.service))

    @cached_property
    def _builds_by_dockerfile(self) -> dict[Path, list[ServiceBuild]]:
        out: dict[Path, list[ServiceBuild]] = {}
        for sb in self.service_builds:
            if isinstance(sb.dockerfile, DockerfileRef):
                out.setdefault(sb.dockerfile.path, []).append(sb)
        return out

    def builds_of(self, dockerfile_path: Path) -> list[ServiceBuild]:
        """Compose services (scanned, or in compose files above it) that build this Dockerfile."""
        key = resolve(dockerfile_path)
        out = list(self._builds_by_dockerfile.get(key, ()))
        seen: set[tuple[str, int]] = set()
        for compose in self.unscanned_near(dockerfile_path):
            extra = self._extra_builds.get(id(compose))
            if extra is None:
                extra = self._extra_builds[id(compose)] = self._builds_of(compose, set())
            for sb in extra:
                b = sb.service.service.build
                assert b is not None  # _builds_of keeps services with a build only
                k = _build_key(b)
                if k in seen:
                    continue
                seen.add(k)
                if isinstance(sb.dockerfile, DockerfileRef) and sb.dockerfile.path == key:
                    out.append(sb)
        return out

    @cached_property
    def _workflow_contexts(self) -> dict[Path, list[Path]]:
        """Resolved Dockerfile -> the resolved contexts workflow build steps give it, in step order."""
        out: dict[Path, list[Path]] = {}
        for wb in self.workflow_builds:
            if isinstance(wb.dockerfile, Path) and isinstance(wb.context, Path):
                out.setdefault(resolve(wb.dockerfile), []).append(resolve(wb.context))
        return out

    def contexts_of(self, df: Dockerfile) -> list[Path]:
        """Build contexts a Dockerfile is built with: those of the compose services and workflow
        steps that build it, else its own folder."""
        return self.linked_contexts(df) or [resolve(df.source.path).parent]

    def linked_contexts(self, df: Dockerfile) -> list[Path]:
        """Build contexts that a compose ``build:`` or a workflow build step gives this
        Dockerfile ([]: nothing in the scan says how it is built)."""
        key = resolve(df.source.path)
        ctxs = [sb.context for sb in self.builds_of(df.source.path) if isinstance(sb.context, Path)]
        ctxs.extend(self._workflow_contexts.get(key, ()))
        return list(dict.fromkeys(ctxs))

    def inferred_context(self, df: Dockerfile, rel: str) -> Path | None:
        """For a Dockerfile nothing links to a build: the nearest folder from its own up to the
        repository root under which ``rel`` (a path a COPY names) exists, taken as its context."""
        top = self.repo_root(df.source.path)
        folder = resolve(df.source.path).parent
        for f in (folder, *folder.parents):
            if not self._within(f, self.root):
                break
            if self.is_file(f / rel):
                return f
            if f == top:
                break
        return None

    def dockerignore_for(self, df: Dockerfile, context: Path) -> DockerIgnore | None:
        """The ignore file Docker uses for ``df`` built with ``context``.

        ``<Dockerfile name>.dockerignore`` beside the Dockerfile wins, else ``.dockerignore`` at the
        root of the context.
        """
        from deploylint.parsers.dockerfile import read_dockerignore

        own = resolve(df.source.path)
        for cand in (own.parent / f"{own.name}.dockerignore", context / ".dockerignore"):
            if os.path.lexists(cand):  # a FIFO or a link out of the root is there too: Docker uses it
                if df.context_dockerignore is not None and resolve(df.context_dockerignore.path) == cand:
                    return df.context_dockerignore
                return read_dockerignore(cand, self.env.read)
        return None

    def overrides_for(self, df: Dockerfile, key: str) -> list[ServiceBuild] | None:
        """Compose services building ``df`` that all set ``key`` (``user``, ``healthcheck``), or None
        when the Dockerfile is built by no compose service or some service leaves ``key`` unset."""
        builds = self.builds_of(df.source.path)
        if not builds:
            return None
        if all(sb.service.service.node.get(key) is not None for sb in builds):
            return builds
        return None

    def listens(self, cs: ComposeService) -> tuple[ListenPort, ...]:
        s = cs.service
        out: list[ListenPort] = []
        for e in s.expose:
            for p in ports_of(e.value):
                out.append(ListenPort(p, "expose", Located(e.value, e.span)))
        for port in s.ports:
            rng = port.target_range()
            if rng is not None and rng[1] - rng[0] < 1000:
                out += [ListenPort(p, "ports", Located(port.text, port.span)) for p in range(rng[0], rng[1] + 1)]
        out += _command_ports(s)
        b = s.build
        if b is not None and b.dockerfile_path is not None and not b.inline:
            ref = self.dockerfile(b.dockerfile_path)
            if isinstance(ref, DockerfileRef):
                stage = ref.model.stage_named(b.target.value) if b.target is not None else ref.model.final_stage
                out += exposed_ports(ref.model, stage)
                if stage is ref.model.final_stage:
                    from deploylint.links.pm2 import pm2_ports

                    out += pm2_ports(self, ref.model)
        elif s.image is not None and not s.image.interpolated:
            out += [ListenPort(p, "image") for p in IMAGE_PORTS.get(s.image.name, ())]
        return tuple(out)


def _command_ports(s: Service) -> list[ListenPort]:
    out: list[ListenPort] = []
    words = list(s.command)
    for i, w in enumerate(words):
        val: str | None = None
        flag, eq, rest = w.value.partition("=")
        if flag in PORT_FLAGS or flag in BIND_FLAGS:
            val = rest if eq else (words[i + 1].value if i + 1 < len(words) else None)
            if val is not None and flag in BIND_FLAGS:
                val = val.rsplit(":", 1)[-1] if ":" in val else None
        if val is not None and val.isdigit():
            out.append(ListenPort(int(val), "command", Located(w.value, w.span)))
    port_env = s.environment.get("PORT")
    if port_env is not None and port_env.value is not None and port_env.value.value.isdigit():
        v = port_env.value
        out.append(ListenPort(int(v.value), "environment", Located(v.value, v.span)))
    return out


def _build_key(b: BuildSpec) -> tuple[str, int]:
    """One compose ``build:`` as written (file, offset): the same block reached twice through
    ``include``/``extends`` or two compose files is linked once."""
    return b.file.path.as_posix(), b.span.start_offset


def _build_args(s: Service) -> tuple[Located[str], ...]:
    from deploylint.models.tree import YMap, YScalar, YSeq

    b = s.node.get("build")
    if not isinstance(b, YMap):
        return ()
    args = b.get("args")
    src = s.build.file if s.build is not None else s.name.file
    out: list[Located[str]] = []
    if isinstance(args, YMap):
        out = [Located(p.key.value, p.key.span) for p in args.pairs]
    elif isinstance(args, YSeq):
        for item in args.items:
            if isinstance(item, YScalar):
                name = item.value.split("=", 1)[0]
                out.append(Located(name, src.span(item.span.start_offset, item.span.start_offset + len(name))))
    return tuple(out)


__all__ = ["BuildLinks"]
