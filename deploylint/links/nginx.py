"""nginx links: upstream addresses -> compose services (and the ports they listen on), the compose
bind mounts of nginx configs, and whether a config runs in a stock nginx image or behind another
proxy."""

from __future__ import annotations

import posixpath
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.kinds import Kind
from deploylint.links.base import LinkerBase, is_expr
from deploylint.models.base import Located
from deploylint.models.images import PROXY_IMAGES, STOCK_NGINX_IMAGES
from deploylint.models.project import Cause, ComposeService, ConfigMount, DockerfileRef, Unresolved, UpstreamTarget
from deploylint.models.urls import DEFAULT_PORT, LOCAL_HOSTS, PASS_DIRECTIVES, URL
from deploylint.paths import resolve

if TYPE_CHECKING:
    from collections.abc import Iterable

    from deploylint.models.compose import ComposeFile, Service
    from deploylint.models.dockerfile import Dockerfile, Stage
    from deploylint.models.nginx import Arg, Directive, NginxConfig


class NginxLinks(LinkerBase):
    """Which compose service each nginx upstream is, and how the configs are deployed."""

    @cached_property
    def config_mounts(self) -> list[ConfigMount]:
        out = []
        nginx_paths = {resolve(a.path) for a in self.artifacts if a.kind is Kind.NGINX}
        for compose in self.compose_files:
            for cs in self.services(compose):
                for m in cs.service.volumes:
                    host = m.host_path
                    if not m.is_bind or host is None or is_expr(host):
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
            return s.image_name in STOCK_NGINX_IMAGES
        if s.build.dockerfile_path is None or s.build.inline:
            return False
        ref = self.dockerfile(s.build.dockerfile_path)
        return isinstance(ref, DockerfileRef) and _stock_nginx_stage(ref.model) is not None

    def _copied_in_stock(self, key: Path) -> bool:
        return any(self._within(key, src) for src in self._stock_conf_sources)

    @cached_property
    def _stock_conf_sources(self) -> list[Path]:
        """Every path a Dockerfile built on a stock nginx image copies into ``conf.d`` (or
        ``templates/``) from its build contexts, when it copies no ``nginx.conf`` of its own:
        gathered once, not once per nginx file (438 files x 523 Dockerfiles in the corpus)."""
        from deploylint.models.dockerfile import CopyLike

        out: list[Path] = []
        for _art, df in self.of_kind(Kind.DOCKERFILE):
            stage = _stock_nginx_stage(df)
            if stage is None:
                continue
            copies = [
                i for st in stage.chain for i in st.instructions if isinstance(i, CopyLike) and i.flag("from") is None
            ]
            if any(c.dest is not None and c.dest.value == "/etc/nginx/nginx.conf" for c in copies):
                continue
            conf_d = [c for c in copies if c.dest is not None and c.dest.value.startswith(_CONF_D)]
            if not conf_d:
                continue
            for context in self.contexts_of(df):
                out += [Path(posixpath.normpath((context / s.value).as_posix())) for c in conf_d for s in c.sources]
        return out

    def compose_for_nginx(self, path: Path) -> list[ComposeFile]:
        """Compose files that mount this nginx config, else those in the folders above it."""
        key = resolve(path)
        mounted = [cm.service.compose for cm in self.config_mounts if self._within(key, cm.host_path)]
        if mounted:
            return list(dict.fromkeys(mounted))
        # the same for every config of one folder (compose_near and repo_root go by folder)
        memo = (key.parent, key if key.is_dir() else None)
        cached = self._nginx_compose.get(memo)
        if cached is None:
            top = self.repo_root(path)
            folders = self._compose_folders
            cached = []
            for c in self.compose_near(path):
                f = folders.get(id(c)) or resolve(c.source.path).parent
                if self._within(key.parent, f) or f == top:
                    cached.append(c)
            self._nginx_compose[memo] = cached
        return list(cached)

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
                    if other is not cs.service and other.image_name in PROXY_IMAGES:
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
        # an upstream's servers are its targets once, however many locations pass to it: they
        # were added again for each (1,500 locations passing to a 1,500-server upstream made
        # 2.25 million equal targets, 4.4 s in PRJ002 and PRJ004)
        added: set[str] = set()
        for d in conf.all():
            if d.name not in PASS_DIRECTIVES or not d.args:
                continue
            arg = d.args[0]
            m = URL.match(arg.value)
            if m is None or "$" in arg.value or arg.value.startswith("unix:"):
                continue
            host = m.group("host")
            if host in named:
                if host in added:
                    continue
                added.add(host)
                for server in named[host]:
                    if server.args and "$" not in server.args[0].value and not server.args[0].value.startswith("unix:"):
                        sm = URL.match(server.args[0].value)
                        if sm is not None:
                            sport = int(sm.group("port")) if sm.group("port") else 80
                            out.append(self._target(server, sm.group("host"), sport, server.args[0], candidates))
                continue
            scheme = m.group("scheme") or ("http" if d.name == "proxy_pass" else "")
            port = int(m.group("port")) if m.group("port") else DEFAULT_PORT.get(scheme)
            out.append(self._target(d, host, port, arg, candidates))
        return out

    def _service_called(self, compose: ComposeFile, host: str) -> ComposeService | None:
        """The first service of ``compose`` that answers to ``host``. The names are indexed once
        per compose file: gathering every service's names again for each ``proxy_pass`` made
        2,500 services proxied to by 2,500 locations take 17 s."""
        index = self._names_by_compose.get(id(compose))
        if index is None:
            index = self._names_by_compose[id(compose)] = _names_index(self.services(compose))
        return index.get(host)

    def _target(
        self, d: Directive, host: str, port: int | None, arg: Arg, candidates: tuple[ComposeFile, ...]
    ) -> UpstreamTarget:
        at = Located(arg.value, arg.span)
        if host in LOCAL_HOSTS:
            return UpstreamTarget(
                d, host, port, at, Unresolved("a local address", cause=Cause.LOCAL_ADDRESS), (), candidates
            )
        if not candidates:
            why = Unresolved("no compose file for this config", cause=Cause.NO_COMPOSE)
            return UpstreamTarget(d, host, port, at, why, (), candidates)
        for compose in candidates:
            cs = self._service_called(compose, host)
            if cs is not None:
                return UpstreamTarget(d, host, port, at, cs, self.listens(cs), candidates)
        why = Unresolved(f"no compose service is called {host!r}", cause=Cause.NO_SERVICE)
        return UpstreamTarget(d, host, port, at, why, (), candidates)


def _names_index(services: Iterable[ComposeService]) -> dict[str, ComposeService]:
    """Each name a service answers to (:func:`_service_names`) -> the first service answering."""
    index: dict[str, ComposeService] = {}
    for cs in services:
        for name in _service_names(cs.service):
            index.setdefault(name, cs)
    return index


def _service_names(s: Service) -> set[str]:
    from deploylint.models.tree import YMap, YScalar, YSeq

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


#: the folders whose configs a stock nginx image includes
_CONF_D = ("/etc/nginx/conf.d", "/etc/nginx/templates")


def _stock_nginx_stage(df: Dockerfile) -> Stage | None:
    """The final stage when it is built on a stock nginx image."""
    st = df.final_stage
    if st is None or st.root_base.repository.rsplit("/", 1)[-1].lower() not in STOCK_NGINX_IMAGES:
        return None
    return st


#: variables nginx-proxy (and its Let's Encrypt companion) route a container by
_ROUTING_ENV = ("VIRTUAL_HOST", "LETSENCRYPT_HOST")


def _routing_labels(s: Service) -> bool:
    """Traefik or Caddy routing labels, or the nginx-proxy ``VIRTUAL_HOST`` variable."""
    from deploylint.models.tree import YMap, YScalar, YSeq

    if any(name in s.environment for name in _ROUTING_ENV):
        return True
    labels = s.node.get("labels")
    keys: list[str] = []
    if isinstance(labels, YMap):
        keys = [p.key.value for p in labels.pairs]
    elif isinstance(labels, YSeq):
        keys = [i.value.split("=", 1)[0] for i in labels.items if isinstance(i, YScalar)]
    return any(k.startswith(("traefik.http.", "traefik.enable", "caddy")) for k in keys)


__all__ = ["NginxLinks"]
