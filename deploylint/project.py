"""Link the artifacts of one repository into a :class:`Project`.

Links are computed lazily (each on first use, then cached), so a scan whose rules never ask for
them pays nothing. Files a link needs that were not scanned (the Dockerfile a compose service
builds, the compose file above a Dockerfile passed alone by pre-commit) are read on demand through
the root-confined :class:`~deploylint.parsers.ParseEnv`: nothing outside the scanned root is read.
"""

from __future__ import annotations

import bisect
import importlib
import os
import posixpath
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from deploylint.kinds import PARSER_MODULE, Kind, classify
from deploylint.models.base import Located
from deploylint.models.docker_cli import BUILD_VALUE_FLAGS
from deploylint.models.images import PROXY_IMAGES, STOCK_NGINX_IMAGES
from deploylint.models.ports import BIND_FLAGS, IMAGE_PORTS, PORT_FLAGS, exposed_ports, ports_of
from deploylint.models.project import (
    Cause,
    ComposeService,
    ConfigMount,
    DockerfileRef,
    EnvFile,
    ImageTag,
    ListenPort,
    ServiceBuild,
    Unresolved,
    UpstreamTarget,
    WorkflowBuild,
    WorkflowComposeRef,
)
from deploylint.models.secrets import env_file_role
from deploylint.models.urls import DEFAULT_PORT, LOCAL_HOSTS, PASS_DIRECTIVES, URL
from deploylint.parsers import ParseEnv, Refused
from deploylint.paths import resolve

if TYPE_CHECKING:
    from deploylint.engine import Artifact
    from deploylint.links.ecs import EcsLinks
    from deploylint.links.pm2 import Pm2Run
    from deploylint.models.compose import BuildSpec, ComposeFile, Service
    from deploylint.models.dockerfile import Dockerfile, DockerIgnore, Stage
    from deploylint.models.nginx import Directive, NginxConfig
    from deploylint.models.workflow import Job, Step, Workflow

_DOCKER_BUILD_VALUE_FLAGS = BUILD_VALUE_FLAGS
_LOCAL_HOSTS = LOCAL_HOSTS
_PASS_DIRECTIVES = PASS_DIRECTIVES
_DEFAULT_PORT = DEFAULT_PORT
_URL = URL
_COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")


def _is_expr(text: str) -> bool:
    return "${{" in text or "$" in text


class Project:
    """Every parsed artifact of the scan plus the typed links between them."""

    def __init__(self, artifacts: list[Artifact], root: Path, env: ParseEnv) -> None:
        self.root = root
        self.env = env
        self.artifacts = artifacts
        self._by_path: dict[Path, Artifact] = {}
        for a in artifacts:
            try:
                self._by_path[resolve(a.path)] = a
            except OSError:
                continue
        self._parsed: dict[tuple[Path, Kind], Any] = {}
        self._repo_roots: dict[Path, Path] = {}
        self._file_above: dict[tuple[Path, tuple[str, ...]], Path | None] = {}
        self._near: dict[Path, list[ComposeFile]] = {}
        #: folder -> holds a file named like a compose file (compose_nearby)
        self._compose_named: dict[Path, bool] = {}
        self._under: dict[Path, list[ComposeFile]] = {}
        self._stock_nginx: dict[Path, bool] = {}
        self._stats: dict[Path, tuple[bool, bool]] = {}
        #: service builds of compose files found above a Dockerfile but not scanned, by id
        self._extra_builds: dict[int, list[ServiceBuild]] = {}

    # -- loading ---------------------------------------------------------------------------------
    def of_kind(self, *kinds: Kind) -> Iterator[tuple[Artifact, Any]]:
        for a in self.artifacts:
            if a.kind in kinds:
                model = a.model
                if model is not None:
                    yield a, model

    def load(self, path: Path, kind: Kind) -> Any:
        """The model of a file (scanned, or read on demand under the root); None when unreadable."""
        try:
            key = resolve(path)
        except OSError:
            return None
        art = self._by_path.get(key)
        if art is not None and art.kind is kind:
            return art.model
        if (key, kind) in self._parsed:
            return self._parsed[(key, kind)]
        model = None
        try:
            src = self.env.read(key)
            module = importlib.import_module(PARSER_MODULE[kind])
            model = module.parse(src, self.env).model
        except (Refused, OSError, RecursionError):
            model = None
        self._parsed[(key, kind)] = model
        return model

    def dockerfile(self, path: Path) -> DockerfileRef | Unresolved:
        try:
            confined = self.env.confine(path)
        except Refused as exc:
            return Unresolved(str(exc))
        if not confined.is_file():
            return Unresolved(f"{self.rel(path)} does not exist", missing=True)
        model = self.load(confined, Kind.DOCKERFILE)
        if model is None:
            return Unresolved(f"{self.rel(path)} could not be parsed")
        return DockerfileRef(confined, model)

    def rel(self, path: Path) -> str:
        try:
            return resolve(path).relative_to(self.root).as_posix()
        except (ValueError, OSError):
            return path.as_posix()

    def repo_root(self, path: Path) -> Path:
        """The nearest folder above ``path`` (within the scanned root) holding .git or .github."""
        p = resolve(path)
        folder = p if p.is_dir() else p.parent
        found = self._repo_roots.get(folder)
        if found is None:
            found = self.root
            for f in (folder, *folder.parents):
                if (f / ".git").exists() or (f / ".github").is_dir():
                    found = f
                    break
                if f == self.root:
                    break
            self._repo_roots[folder] = found
        return found

    @staticmethod
    def _within(path: Path, top: Path) -> bool:
        a, b = str(path), str(top)
        return a == b or a.startswith(b.rstrip("/") + "/")

    @cached_property
    def _compose_index(self) -> list[tuple[Path, ComposeFile]]:
        """(resolved folder, model) of every scanned compose file."""
        return [(resolve(c.source.path).parent, c) for c in self.compose_files]

    @cached_property
    def _compose_by_folder(self) -> tuple[list[str], list[int]]:
        """The compose index sorted by folder text (for prefix lookups), with original positions."""
        order = sorted(range(len(self._compose_index)), key=lambda i: str(self._compose_index[i][0]))
        return [str(self._compose_index[i][0]) for i in order], order

    @cached_property
    def _compose_folders(self) -> dict[int, Path]:
        return {id(c): f for f, c in self._compose_index}

    @cached_property
    def _compose_paths(self) -> set[Path]:
        return {f / c.source.path.name for f, c in self._compose_index}

    def _compose_under(self, top: Path) -> list[ComposeFile]:
        """Scanned compose files at or below ``top``, in scan order (a bisected prefix range)."""
        cached = self._under.get(top)
        if cached is None:
            cached = self._under[top] = self._find_compose_under(top)
        return list(cached)

    def _find_compose_under(self, top: Path) -> list[ComposeFile]:
        keys, order = self._compose_by_folder
        t = str(top)
        prefix = t.rstrip("/") + "/"
        hits = []
        # two sorted ranges: the folder itself, then "top/..." (which sorts after "top-x", "top.x")
        i = bisect.bisect_left(keys, t)
        while i < len(keys) and keys[i] == t:
            hits.append(order[i])
            i += 1
        i = bisect.bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            hits.append(order[i])
            i += 1
        return [self._compose_index[k][1] for k in sorted(set(hits))]  # set: top "/" is its own prefix

    # -- compose ---------------------------------------------------------------------------------
    @cached_property
    def compose_files(self) -> list[ComposeFile]:
        return [m for _, m in self.of_kind(Kind.COMPOSE)]

    def compose_nearby(self, path: Path) -> bool:
        """Whether a file named like a compose file sits in the folder of ``path`` or a folder above
        it, under the root: only then can compose override a Dockerfile's user, healthcheck or build
        context, so rules ask :meth:`overrides_for` and friends only then."""
        root = resolve(self.root)
        folder = resolve(path).parent
        for f in (folder, *folder.parents):
            found = self._compose_named.get(f)
            if found is None:
                try:
                    found = any(classify(PurePosixPath(e.name)) is Kind.COMPOSE for e in os.scandir(f) if e.is_file())
                except OSError:
                    found = False
                self._compose_named[f] = found
            if found:
                return True
            if f == root or root not in f.parents:
                return False
        return False

    def compose_near(self, path: Path) -> list[ComposeFile]:
        """Scanned compose files of the same repository, plus unscanned ones in folders above."""
        p = resolve(path)
        folder = p if p.is_dir() else p.parent
        cached = self._near.get(folder)
        if cached is None:
            cached = self._near[folder] = self._compose_near(folder)
        return cached

    def _compose_near(self, folder: Path) -> list[ComposeFile]:
        top = self.repo_root(folder)
        out = self._compose_under(top)
        seen = set(self._compose_paths)
        for f in (folder, *folder.parents):
            if not self._within(f, self.root):
                break
            for name in _COMPOSE_NAMES:
                cand = f / name
                if cand not in seen and cand.is_file():
                    seen.add(cand)
                    model = self.load(cand, Kind.COMPOSE)
                    if model is not None:
                        out.append(model)
            if f == top:
                break
        return out

    def services(self, compose: ComposeFile) -> Iterator[ComposeService]:
        for s in compose.services:
            yield ComposeService(compose, s)

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
        scanned = self._compose_ids
        seen: set[tuple[str, int]] = set()
        for compose in self.compose_near(dockerfile_path):
            if id(compose) in scanned:
                continue
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
    def _compose_ids(self) -> set[int]:
        return {id(c) for c in self.compose_files}

    def contexts_of(self, df: Dockerfile) -> list[Path]:
        """Build contexts a Dockerfile is built with: those of the compose services and workflow
        steps that build it, else its own folder."""
        return self.linked_contexts(df) or [resolve(df.source.path).parent]

    def linked_contexts(self, df: Dockerfile) -> list[Path]:
        """Build contexts that a compose ``build:`` or a workflow build step gives this
        Dockerfile ([]: nothing in the scan says how it is built)."""
        key = resolve(df.source.path)
        ctxs = [sb.context for sb in self.builds_of(df.source.path) if isinstance(sb.context, Path)]
        for wb in self.workflow_builds:
            if isinstance(wb.dockerfile, Path) and isinstance(wb.context, Path) and resolve(wb.dockerfile) == key:
                ctxs.append(resolve(wb.context))
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

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file under the scanned root (answers are cached)."""
        return self._stat(path)[0]

    def exists(self, path: Path) -> bool:
        """Whether ``path`` exists under the scanned root (answers are cached)."""
        return self._stat(path)[1]

    def _stat(self, path: Path) -> tuple[bool, bool]:
        key = Path(posixpath.normpath(path.as_posix()))
        got = self._stats.get(key)
        if got is None:
            try:
                confined = self.env.confine(key)
                got = (confined.is_file(), confined.exists())
            except (Refused, OSError):
                got = (False, False)
            self._stats[key] = got
        return got

    def dockerignore_for(self, df: Dockerfile, context: Path) -> DockerIgnore | None:
        """The ignore file Docker uses for ``df`` built with ``context``.

        ``<Dockerfile name>.dockerignore`` beside the Dockerfile wins, else ``.dockerignore`` at the
        root of the context.
        """
        from deploylint.parsers.dockerfile import parse_dockerignore

        own = resolve(df.source.path)
        for cand in (own.parent / f"{own.name}.dockerignore", context / ".dockerignore"):
            if cand.is_file():
                if df.context_dockerignore is not None and resolve(df.context_dockerignore.path) == cand:
                    return df.context_dockerignore
                try:
                    return parse_dockerignore(self.env.read(cand))
                except (Refused, OSError):
                    return None
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

    # -- ports a service listens on ------------------------------------------------------------
    def listens(self, cs: ComposeService) -> tuple[ListenPort, ...]:
        s = cs.service
        out: list[ListenPort] = []
        for e in s.expose:
            for p in _ports_of(e.value):
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
                out += _expose_ports(ref.model, stage)
                if stage is ref.model.final_stage:
                    out += self._pm2_ports(ref.model)
        elif s.image is not None and not s.image.interpolated:
            out += [ListenPort(p, "image") for p in IMAGE_PORTS.get(s.image.name, ())]
        return tuple(out)

    # -- nginx -----------------------------------------------------------------------------------
    @cached_property
    def config_mounts(self) -> list[ConfigMount]:
        out = []
        nginx_paths = {resolve(a.path) for a in self.artifacts if a.kind is Kind.NGINX}
        for compose in self.compose_files:
            for cs in self.services(compose):
                for m in cs.service.volumes:
                    host = m.host_path
                    if not m.is_bind or host is None or _is_expr(host):
                        continue
                    p = Path(posixpath.normpath((m.file.path.parent / host).as_posix()))
                    if resolve(p) in nginx_paths or (m.target or "").startswith("/etc/nginx"):
                        out.append(ConfigMount(cs, resolve(p), Located(host, m.span), m.target or ""))
        return out

    def nginx_in_stock_image(self, path: Path) -> bool:
        """The nginx config at ``path`` goes into ``/etc/nginx/conf.d/`` (or ``templates/``) of a
        stock nginx image, by a compose bind mount or a Dockerfile ``COPY``, with no
        ``nginx.conf`` of its own beside it: the file that includes it is the image's
        ``nginx.conf``, whose ``http {}`` sets no proxy headers, response headers, certificate or
        resolver."""
        key = resolve(path)
        got = self._stock_nginx.get(key)
        if got is None:
            got = self._stock_nginx[key] = self._mounted_in_stock(key) or self._copied_in_stock(key)
        return got

    def _mounted_in_stock(self, key: Path) -> bool:
        for cm in self.config_mounts:
            if (
                self._within(key, cm.host_path)
                and cm.target.startswith(_CONF_D)
                and self._stock_main(cm.service.service)
            ):
                return True
        # a mount whose host path is a variable (``${NGINX_CONFIG_PATH}:/etc/nginx/conf.d``): this
        # file counts when it sits in a folder named like the mount's target
        for compose in self.compose_for_nginx(key):
            for s in compose.services:
                for m in s.volumes:
                    target = (m.target or "").rstrip("/")
                    if not (m.interpolated and target.startswith(_CONF_D)):
                        continue
                    if key.parent.name == posixpath.basename(target) and self._stock_main(s):
                        return True
        return False

    def _stock_main(self, s: Service) -> bool:
        """The service runs a stock nginx image with its own nginx.conf (none mounted over it)."""
        own_main = any((m.target or "") == "/etc/nginx/nginx.conf" for m in s.volumes)
        return not own_main and self._stock_nginx_service(s)

    def _stock_nginx_service(self, s: Service) -> bool:
        if s.build is None:
            return s.image_name in _STOCK_NGINX
        if s.build.dockerfile_path is None or s.build.inline:
            return False
        ref = self.dockerfile(s.build.dockerfile_path)
        return isinstance(ref, DockerfileRef) and _stock_nginx_stage(ref.model) is not None

    def _copied_in_stock(self, key: Path) -> bool:
        from deploylint.models.dockerfile import _CopyLike

        for _art, df in self.of_kind(Kind.DOCKERFILE):
            stage = _stock_nginx_stage(df)
            if stage is None:
                continue
            copies = [
                i for st in stage.chain for i in st.instructions if isinstance(i, _CopyLike) and i.flag("from") is None
            ]
            if any(c.dest is not None and c.dest.value == "/etc/nginx/nginx.conf" for c in copies):
                continue
            for c in copies:
                if c.dest is None or not c.dest.value.startswith(_CONF_D):
                    continue
                for context in self.contexts_of(df):
                    for s in c.sources:
                        src = Path(posixpath.normpath((context / s.value).as_posix()))
                        if self._within(key, src):
                            return True
        return False

    def compose_for_nginx(self, path: Path) -> list[ComposeFile]:
        """Compose files that mount this nginx config, else those in the folders above it."""
        key = resolve(path)
        mounted = [cm.service.compose for cm in self.config_mounts if self._within(key, cm.host_path)]
        if mounted:
            return list(dict.fromkeys(mounted))
        top = self.repo_root(path)
        folders = self._compose_folders
        out = []
        for c in self.compose_near(path):
            f = folders.get(id(c)) or resolve(c.source.path).parent
            if self._within(key.parent, f) or f == top:
                out.append(c)
        return out

    def nginx_behind_proxy(self, path: Path) -> str | None:
        """Why the nginx config at ``path`` serves behind another proxy of the same compose
        project (None: nothing says so). The compose service that mounts it is the upstream of
        another scanned nginx config, carries Traefik/Caddy routing labels or a ``VIRTUAL_HOST``,
        or publishes no ports while its compose file runs a proxy image."""
        key = resolve(path)
        for cm in self.config_mounts:
            if not self._within(key, cm.host_path):
                continue
            cs = cm.service
            for up in self.upstreams:
                target = up.service
                if (
                    isinstance(target, ComposeService)
                    and target.compose is cs.compose
                    and target.name == cs.name
                    and not self._within(resolve(up.directive.source.path), cm.host_path)
                ):
                    return f"service {cs.name!r} is the upstream of {self.rel(up.directive.source.path)}"
            if _routing_labels(cs.service):
                return f"service {cs.name!r} is routed by proxy labels"
            if not cs.service.ports:
                for other in cs.compose.services:
                    if other is not cs.service and other.image_name in _PROXY_IMAGES:
                        return f"service {cs.name!r} publishes no port and {other.name.value!r} is a proxy"
        return None

    @cached_property
    def upstreams(self) -> list[UpstreamTarget]:
        out: list[UpstreamTarget] = []
        for art, conf in self.of_kind(Kind.NGINX):
            if not getattr(conf, "active", True):
                continue
            candidates = tuple(self.compose_for_nginx(art.path))
            out += self._upstreams_of(conf, candidates)
        return out

    def _upstreams_of(self, conf: NginxConfig, candidates: tuple[ComposeFile, ...]) -> list[UpstreamTarget]:
        named: dict[str, list[Directive]] = {}
        for up in conf.upstreams:
            named.setdefault(up.arg(0), []).extend(c for c in up.children if c.name == "server")
        out: list[UpstreamTarget] = []
        for d in conf.all():
            if d.name not in _PASS_DIRECTIVES or not d.args:
                continue
            arg = d.args[0]
            m = _URL.match(arg.value)
            if m is None or "$" in arg.value or arg.value.startswith("unix:"):
                continue
            host = m.group("host")
            if host in named:
                for server in named[host]:
                    if server.args and "$" not in server.args[0].value and not server.args[0].value.startswith("unix:"):
                        sm = _URL.match(server.args[0].value)
                        if sm is not None:
                            sport = int(sm.group("port")) if sm.group("port") else 80
                            out.append(self._target(server, sm.group("host"), sport, server.args[0], candidates))
                continue
            scheme = m.group("scheme") or ("http" if d.name == "proxy_pass" else "")
            port = int(m.group("port")) if m.group("port") else _DEFAULT_PORT.get(scheme)
            out.append(self._target(d, host, port, arg, candidates))
        return out

    def _target(
        self, d: Directive, host: str, port: int | None, arg: Any, candidates: tuple[ComposeFile, ...]
    ) -> UpstreamTarget:
        at = Located(arg.value, arg.span)
        if host in _LOCAL_HOSTS:
            return UpstreamTarget(
                d, host, port, at, Unresolved("a local address", cause=Cause.LOCAL_ADDRESS), (), candidates
            )
        if not candidates:
            why = Unresolved("no compose file for this config", cause=Cause.NO_COMPOSE)
            return UpstreamTarget(d, host, port, at, why, (), candidates)
        for compose in candidates:
            for cs in self.services(compose):
                if host in _service_names(cs.service):
                    return UpstreamTarget(d, host, port, at, cs, self.listens(cs), candidates)
        why = Unresolved(f"no compose service is called {host!r}", cause=Cause.NO_SERVICE)
        return UpstreamTarget(d, host, port, at, why, (), candidates)

    # -- workflows -------------------------------------------------------------------------------
    @cached_property
    def workflow_builds(self) -> list[WorkflowBuild]:
        out: list[WorkflowBuild] = []
        for art, wf in self.of_kind(Kind.WORKFLOW):
            base = self._workflow_base(art.path)
            for job in wf.jobs:
                for step in job.steps:
                    out += self._step_builds(wf, job, step, base)
        return out

    @cached_property
    def workflow_compose(self) -> list[WorkflowComposeRef]:
        out = []
        for art, wf in self.of_kind(Kind.WORKFLOW):
            base = self._workflow_base(art.path)
            for job in wf.jobs:
                for step in job.steps:
                    wd = self._step_dir(step, base)
                    for cmd in step.commands("docker-compose", "docker"):
                        cwd = self._cmd_dir(wd, step.folder(cmd))
                        words = cmd.words
                        is_compose = cmd.command_name == "docker-compose" or (
                            cmd.command_name == "docker" and len(words) > 1 and words[1].value == "compose"
                        )
                        if not is_compose:
                            continue
                        for i, w in enumerate(words[:-1]):
                            if w.value in ("-f", "--file"):
                                v = words[i + 1]
                                at = Located(v.value, v.span)
                                out.append(WorkflowComposeRef(wf, step, self._path(cwd, v.value), at))
        return out

    def run_folder(self, wf: Workflow, step: Step, cwd: str | None) -> Path | Unresolved:
        """The folder a command of ``step`` runs in: the workspace (the repository holding the
        workflow), the step's ``working-directory`` (or the defaults'), then the script's ``cd``."""
        return self._cmd_dir(self._step_dir(step, self._workflow_base(wf.source.path)), cwd)

    def local_uses_exists(self, wf: Workflow, path: str) -> bool:
        """A local ``uses: ./...`` (an action folder or a reusable workflow file) is in the
        repository holding ``wf``."""
        if not path.startswith(("./", "../")):
            return False
        target = Path(posixpath.normpath((self._workflow_base(wf.source.path) / path).as_posix()))
        return self._within(target, resolve(self.root)) and self.exists(target)

    def run_folder_generated(self, wf: Workflow, step: Step, cwd: str | None) -> bool:
        """The folder a command of ``step`` runs in is not in the repository: the job makes it at
        run time (a generated SDK, an unpacked archive). Judged from the step's
        ``working-directory`` (for a computed one, the literal folders before its first
        expression) and the script's ``cd``; False when that cannot be told."""
        top = resolve(self.root)
        base = self._workflow_base(wf.source.path)
        wd = step.run_directory
        if wd is not None and _is_expr(wd.value):
            head = wd.value[: wd.value.find("$")]
            head = head.rsplit("/", 1)[0] if "/" in head else ""
            if head.strip("./") == "":
                return False
            folder: Path | Unresolved = Path(posixpath.normpath((base / head).as_posix()))
        else:
            folder = self.run_folder(wf, step, cwd)
        if isinstance(folder, Unresolved) or folder == top or not self._within(folder, top):
            return False
        if self.exists(folder):
            return False
        # only when the repository itself is in the scan, not just its workflows: the nearest
        # folder that exists is one of its own, or its root holds more than '.github'
        near = next((f for f in folder.parents if self.exists(f)), None)
        return near is not None and self._within(near, base) and (near != base or self._holds_more_than_ci(base))

    def _holds_more_than_ci(self, folder: Path) -> bool:
        try:
            return any(p.name != ".github" for p in self.env.confine(folder).iterdir())
        except (Refused, OSError):
            return False

    def file_in_or_above(self, folder: Path, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` found in ``folder`` or a folder above it, up to the scanned
        root (reads are confined to the root; answers are cached per folder)."""
        cache: dict[tuple[Path, tuple[str, ...]], Path | None] = self._file_above
        key = (folder, names)
        if key in cache:
            return cache[key]
        found = None
        top = resolve(self.root)
        if self._within(folder, top):
            for f in (folder, *folder.parents):
                hit = next((f / n for n in names if self.env.exists(f / n)), None)
                if hit is not None or f == top:
                    found = hit
                    break
        cache[key] = found
        return found

    def workspace_file(self, wf: Workflow, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` at the top of the workspace of ``wf`` (the repository holding the
        workflow, where ``actions/checkout`` puts it), not in a folder above it."""
        base = self._workflow_base(wf.source.path)
        found = self.file_in_or_above(base, names)
        return found if found is not None and found.parent == base else None

    def _workflow_base(self, path: Path) -> Path:
        p = resolve(path)
        return p.parents[2] if len(p.parents) > 2 and p.parent.name == "workflows" else self.root

    def _step_dir(self, step: Step, base: Path) -> Path | Unresolved:
        wd = step.run_directory
        if wd is None:
            return base
        if _is_expr(wd.value):
            return Unresolved("working-directory is an expression")
        return Path(posixpath.normpath((base / wd.value).as_posix()))

    @staticmethod
    def _cmd_dir(wd: Path | Unresolved, cwd: str | None) -> Path | Unresolved:
        """The folder a script command runs in: the step's, moved by the ``cd`` before it."""
        if isinstance(wd, Unresolved) or cwd == "":
            return wd
        if cwd is None:
            return Unresolved("the script changes to a computed folder")
        return Path(posixpath.normpath((wd / cwd).as_posix()))

    def _path(self, wd: Path | Unresolved, text: str) -> Path | Unresolved:
        if isinstance(wd, Unresolved):
            return wd
        if _is_expr(text):
            return Unresolved("the path is an expression")
        p = Path(posixpath.normpath((wd / text).as_posix()))
        try:
            self.env.confine(p)
        except Refused as exc:
            return Unresolved(str(exc))
        return p

    def _step_builds(self, wf: Workflow, job: Job, step: Step, base: Path) -> list[WorkflowBuild]:
        out = []
        step_wd = self._step_dir(step, base)
        for cmd in step.commands("docker", "podman", "buildah"):
            wd = self._cmd_dir(step_wd, step.folder(cmd))
            words = cmd.words
            texts = [w.value for w in words]
            if cmd.command_name not in ("docker", "podman", "buildah"):
                continue
            start = (
                2 if texts[1:2] == ["build"] else 3 if texts[1:3] in (["buildx", "build"], ["image", "build"]) else 0
            )
            if not start:
                continue
            file_w = None
            tags: list[ImageTag] = []
            positional = []
            i = start
            while i < len(words):
                t = texts[i]
                if t in _DOCKER_BUILD_VALUE_FLAGS and i + 1 < len(words):
                    if t in ("-f", "--file"):
                        file_w = words[i + 1]
                    elif t in ("-t", "--tag"):
                        tags.append(_tag(words[i + 1].value, Located(words[i + 1].value, words[i + 1].span)))
                    i += 2
                    continue
                if t.startswith(("--file=", "--tag=")):
                    val = t.split("=", 1)[1]
                    if t.startswith("--file="):
                        file_w = words[i]
                    else:
                        tags.append(_tag(val, Located(val, words[i].span)))
                elif not t.startswith("-"):
                    positional.append(words[i])
                i += 1
            ctx_w = positional[-1] if positional else None
            context = self._path(wd, ctx_w.value) if ctx_w is not None else wd
            file_text = (
                file_w.value.split("=", 1)[1]
                if file_w is not None and file_w.value.startswith("--file=")
                else (file_w.value if file_w else None)
            )
            if file_text is not None:
                dockerfile = self._path(wd, file_text)
            elif isinstance(context, Path):
                dockerfile = context / "Dockerfile"
            else:
                dockerfile = context
            out.append(
                WorkflowBuild(
                    wf,
                    job,
                    step,
                    wf.source,
                    dockerfile,
                    Located(file_text, file_w.span) if file_w is not None and file_text is not None else None,
                    context,
                    Located(ctx_w.value, ctx_w.span) if ctx_w is not None else None,
                    tuple(tags),
                    "--push" in texts or _job_pushes(job),
                )
            )
        u = step.uses
        if u is not None and u.is_("docker/build-push-action"):
            out.append(self._action_build(wf, job, step, base))
        return out

    def _action_build(self, wf: Workflow, job: Job, step: Step, base: Path) -> WorkflowBuild:
        ctx_in = step.input("context")
        file_in = step.input("file")
        context: Path | Unresolved = base if ctx_in is None else self._path(base, ctx_in.value)
        if file_in is not None:
            dockerfile = self._path(base, file_in.value)
        else:
            dockerfile = context / "Dockerfile" if isinstance(context, Path) else context
        tags: list[ImageTag] = []
        tags_in = step.input("tags")
        if tags_in is not None:
            for ref, span in tags_in.list_items():
                tags.append(_tag(ref, Located(ref, span)))
        push = step.input("push")
        return WorkflowBuild(
            wf,
            job,
            step,
            wf.source,
            dockerfile,
            Located(file_in.value, file_in.span) if file_in is not None else None,
            context,
            Located(ctx_in.value, ctx_in.span) if ctx_in is not None else None,
            tuple(tags),
            push is not None and push.value.strip().lower() in ("true", "${{ true }}"),
        )

    # -- ECS -------------------------------------------------------------------------------------
    @cached_property
    def ecs(self) -> EcsLinks:
        """Workflow steps that read ECS definitions, and the containers whose image they render."""
        from deploylint.links.ecs import link_ecs

        return link_ecs(self)

    # -- PM2 -------------------------------------------------------------------------------------
    def _pm2_ports(self, df: Dockerfile) -> list[ListenPort]:
        """The ports the apps of the ecosystem file ``df`` runs with pm2-runtime listen on."""
        from deploylint.models.pm2 import Pm2File

        out: list[ListenPort] = []
        for run in self.pm2_runs if any(a.kind is Kind.PM2 for a in self.artifacts) else ():
            if run.dockerfile is df and isinstance(run.target, Path):
                pm2 = self.load(run.target, Kind.PM2)
                if isinstance(pm2, Pm2File):
                    out += [
                        ListenPort(port, f"PM2 app {app.name!r}", Located(at.value, at.span))
                        for app in pm2.apps
                        for port, at in app.ports
                    ]
        return out

    @cached_property
    def pm2_runs(self) -> list[Pm2Run]:
        """Dockerfiles whose CMD/ENTRYPOINT starts a PM2 ecosystem file, linked to that file in
        the build context (or why not)."""
        from deploylint.links.pm2 import link_pm2_runs

        return link_pm2_runs(self)

    # -- .env files ------------------------------------------------------------------------------
    @cached_property
    def env_files(self) -> list[EnvFile]:
        """``.env`` files at repository roots and in build contexts (values are never kept)."""
        folders: set[Path] = set()
        for art in self.artifacts:
            folders.add(self.repo_root(art.path))
            if art.kind is Kind.DOCKERFILE:
                folders.add(resolve(art.path).parent)
        for sb in self.service_builds:
            if isinstance(sb.context, Path):
                folders.add(sb.context)
        out = []
        for folder in sorted(folders):
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                continue
            for p in entries:
                role = env_file_role(p.name)
                if role is not None and p.is_file() and not p.is_symlink():
                    ef = self._env_file(p, defaults=role == "defaults" or self._tracked_defaults(p))
                    if ef is not None:
                        out.append(ef)
        return out

    def _tracked_defaults(self, path: Path) -> bool:
        """A plain ``.env`` that the repository commits on purpose as its defaults: no .gitignore
        ignores it, while one ignores the local override beside it (``.env.local``,
        ``.env.custom``...), where the operator's real values go."""
        if path.name != ".env" or self.gitignored(path):
            return False
        return any(self.gitignored(path.parent / name) for name in _ENV_OVERRIDES)

    def _env_file(self, path: Path, *, defaults: bool = False) -> EnvFile | None:
        """The secrets of an env file: names holding real secret values (not placeholders,
        ``${VAR}`` references or well-known defaults); in a defaults file (``.env.example``,
        ``.env.test``, ``defaults.env``) only credentials in a known token format count."""
        from deploylint.models.secrets import real_secret, token_format

        try:
            src = self.env.read(path)
        except (Refused, OSError):
            return None
        from deploylint.parsers.dotenv import entries

        secrets = []
        for e in entries(src):
            if not e.value or e.value.startswith("${"):
                continue
            found = token_format(e.value) if defaults else real_secret(e.name, e.value)
            if found is not None:
                secrets.append(Located(e.name, e.name_span))
        return EnvFile(resolve(path), src, tuple(secrets))

    def gitignored(self, path: Path) -> bool:
        """Whether a .gitignore between the repository root and the file ignores it."""
        import pathspec

        top = self.repo_root(path)
        p = resolve(path)
        folder = p.parent
        chain = [folder, *folder.parents]
        for f in chain:
            gi = f / ".gitignore"
            if gi.is_file():
                try:
                    lines = self.env.read(gi).text.splitlines()
                except (Refused, OSError):
                    lines = []
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
                if spec.match_file(p.relative_to(f).as_posix()):
                    return True
            if f == top or not self._within(f, self.root):
                break
        return False


#: local override files beside a tracked ``.env`` defaults file
_ENV_OVERRIDES = (".env.local", ".env.custom", ".env.override", ".env.private", ".env.secret", ".env.secrets")


def _job_pushes(job: Job) -> bool:
    """A step of the job runs ``docker push`` (or ``podman push``)."""
    for step in job.steps:
        for cmd in step.commands("push"):
            if cmd.command_name in ("docker", "podman") and len(cmd.words) > 1 and cmd.words[1].value == "push":
                return True
    return False


def _tag(ref: str, at: Located[str]) -> ImageTag:
    if "${{" in ref:
        repo, _, tag = ref.rpartition(":") if ref.rfind(":") > ref.rfind("/") else (ref, "", "")
        return ImageTag(repo if tag else ref, "dynamic" if tag else "", at, bool(tag))
    from deploylint.models.workflow import split_image_ref  # only workflow scans need it

    repo, tag = split_image_ref(ref)
    if tag == "@digest":
        return ImageTag(repo, tag, at, True)
    from deploylint.models.images import is_env_tag

    versioned = bool(tag) and tag != "latest" and not is_env_tag(tag) and not tag.startswith("$")
    return ImageTag(repo, tag, at, versioned or tag.startswith("$"))


_ports_of = ports_of
_PORT_FLAGS = PORT_FLAGS
_BIND_FLAGS = BIND_FLAGS


def _command_ports(s: Service) -> list[ListenPort]:
    out: list[ListenPort] = []
    words = list(s.command)
    for i, w in enumerate(words):
        val: str | None = None
        flag, eq, rest = w.value.partition("=")
        if flag in _PORT_FLAGS or flag in _BIND_FLAGS:
            val = rest if eq else (words[i + 1].value if i + 1 < len(words) else None)
            if val is not None and flag in _BIND_FLAGS:
                val = val.rsplit(":", 1)[-1] if ":" in val else None
        if val is not None and val.isdigit():
            out.append(ListenPort(int(val), "command", Located(w.value, w.span)))
    port_env = s.environment.get("PORT")
    if port_env is not None and port_env.value is not None and port_env.value.value.isdigit():
        v = port_env.value
        out.append(ListenPort(int(v.value), "environment", Located(v.value, v.span)))
    return out


_expose_ports = exposed_ports


def _service_names(s: Service) -> set[str]:
    from deploylint.parsers._yaml import YMap, YScalar, YSeq

    names = {s.name.value}
    for key in ("container_name", "hostname"):
        v = s.node.get(key)
        if isinstance(v, YScalar):
            names.add(v.value)
    nets = s.node.get("networks")
    if isinstance(nets, YMap):
        for p in nets.pairs:
            if isinstance(p.value, YMap):
                aliases = p.value.get("aliases")
                if isinstance(aliases, YSeq):
                    names |= {a.value for a in aliases.items if isinstance(a, YScalar)}
    links = s.node.get("links")
    if isinstance(links, YSeq):
        names |= {a.value.split(":")[-1] for a in links.items if isinstance(a, YScalar)}
    return names


#: images whose nginx.conf is the stock one (it includes conf.d/*.conf and sets little else)
_STOCK_NGINX = STOCK_NGINX_IMAGES
_CONF_D = ("/etc/nginx/conf.d", "/etc/nginx/templates")


def _stock_nginx_stage(df: Dockerfile) -> Stage | None:
    """The final stage when it is built on a stock nginx image."""
    st = df.final_stage
    if st is None or st.root_base.repository.rsplit("/", 1)[-1].lower() not in _STOCK_NGINX:
        return None
    return st


#: images of reverse proxies that terminate TLS in front of other services
_PROXY_IMAGES = PROXY_IMAGES
_ROUTING_ENV = ("VIRTUAL_HOST", "LETSENCRYPT_HOST")


def _routing_labels(s: Service) -> bool:
    """Traefik or Caddy routing labels, or the nginx-proxy ``VIRTUAL_HOST`` variable."""
    from deploylint.parsers._yaml import YMap, YScalar, YSeq

    if any(name in s.environment for name in _ROUTING_ENV):
        return True
    labels = s.node.get("labels")
    keys: list[str] = []
    if isinstance(labels, YMap):
        keys = [p.key.value for p in labels.pairs]
    elif isinstance(labels, YSeq):
        keys = [i.value.split("=", 1)[0] for i in labels.items if isinstance(i, YScalar)]
    return any(k.startswith(("traefik.http.", "traefik.enable", "caddy")) for k in keys)


def _build_key(b: BuildSpec) -> tuple[str, int]:
    """One compose ``build:`` as written (file, offset): the same block reached twice through
    ``include``/``extends`` or two compose files is linked once."""
    return b.file.path.as_posix(), b.span.start_offset


def _build_args(s: Service) -> tuple[Located[str], ...]:
    from deploylint.parsers._yaml import YMap, YScalar, YSeq

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


def build_project(artifacts: list[Artifact], root: Path, env: ParseEnv) -> Project:
    return Project(artifacts, root, env)


__all__ = ["IMAGE_PORTS", "LOCAL_HOSTS", "Project", "Unresolved", "build_project", "classify", "exposed_ports"]
