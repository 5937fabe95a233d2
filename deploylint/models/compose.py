"""Typed model of a Docker Compose file (Compose Specification), built by ``parsers.compose``.

A :class:`ComposeFile` is the *effective* project seen from one file: the file itself, merged with
its ``compose.override.yaml`` sibling (or, for an override file, with its base), its ``include:``
files and ``extends:`` sources, following the specification's merge rules. Every value a rule can
point at is a :class:`~deploylint.models.base.Located` (value and span): its span names the file
where the value is really written, which may be another file than the one being checked (an
override, an ``include:`` or ``extends:`` source), and ``ctx.finding(node, message)`` reports there.

Interpolation (``${VAR}``, ``${VAR:-default}``, ``$$``...) is kept as written; ``interpolated``
tells a rule that a value is not a literal, and :meth:`ComposeFile.resolve` substitutes what the
file itself (defaults) and a ``.env`` beside it supply.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from deploylint.findings import Severity
from deploylint.models.base import Located
from deploylint.models.tree import DotenvEntry, YMap, YNode, YScalar, YSeq
from deploylint.profiles import DEVELOPMENT, PRODUCTION
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.models.images import ImageRef
    from deploylint.shell.model import Script

T = TypeVar("T")


# ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}, $VAR; $$ is a literal $
# the braced body is bounded: unbounded, each unclosed "${" rescans to the end (quadratic)
_INTERP = re.compile(r"\$(?:\$|\{(?P<braced>[^}]{0,1024})\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
_BRACED = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>.*))?$", re.DOTALL)


def has_interpolation(text: str) -> bool:
    """True when ``text`` has a ``${...}`` or ``$VAR`` substitution (``$$`` is a literal ``$``)."""
    if "$" not in text:
        return False
    return any(m.group() != "$$" for m in _INTERP.finditer(text))


def interpolation_defaults(text: str) -> list[tuple[str, str]]:
    """(variable, default) of each ``${VAR:-default}`` / ``${VAR-default}`` in ``text``, outermost only."""
    out: list[tuple[str, str]] = []
    if "$" not in text:
        return out
    for m in _INTERP.finditer(text):
        b = _BRACED.match(m.group("braced") or "")
        if b is not None and b.group("op") in (":-", "-"):
            out.append((b.group("name"), b.group("arg") or ""))
    return out


def interpolate(text: str, env: Mapping[str, str]) -> str | None:
    """``text`` with substitutions done from ``env`` and the defaults written inline.

    None when a variable has no value and no default (the result is unknowable statically).
    """
    if "$" not in text:
        return text
    unknown = False

    def sub(m: re.Match[str]) -> str:
        nonlocal unknown
        if m.group() == "$$":
            return "$"
        name = m.group("bare")
        if name is not None:
            if name in env:
                return env[name]
            unknown = True
            return ""
        b = _BRACED.match(m.group("braced") or "")
        if b is None:
            unknown = True
            return ""
        name, op, arg = b.group("name"), b.group("op"), b.group("arg") or ""
        val = env.get(name)
        if op in (":-", "-"):
            if val is None or (op == ":-" and val == ""):
                return interpolate(arg, env) or ""
            return val
        if op in (":+", "+"):
            return arg if (val is not None and (op == "+" or val != "")) else ""
        if val is None:
            unknown = True
            return ""
        return val

    out = _INTERP.sub(sub, text)
    return None if unknown else out


if TYPE_CHECKING:

    class InFile(Protocol):
        """A value that knows the file it is written in (what :meth:`ComposeFile.advice` asks of it)."""

        @property
        def file(self) -> SourceFile: ...


@record
class BuildSpec:
    node: Located[str]  # the ``build`` value (context string, or the mapping's span)
    context: Located[str] | None
    dockerfile: Located[str] | None
    target: Located[str] | None
    inline: bool  # dockerfile_inline
    #: resolved against the compose file's folder (None when interpolated or remote)
    context_path: Path | None
    dockerfile_path: Path | None
    #: reads and parses that Dockerfile on first use: does the built stage declare a HEALTHCHECK
    healthcheck_probe: Callable[[], bool | None] | None = field(default=None, compare=False, repr=False)
    _cache: dict[str, bool | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dockerfile_healthcheck(self) -> bool | None:
        """Does the built stage (``target``, else the last) of that Dockerfile declare a HEALTHCHECK
        other than ``NONE``; None when the Dockerfile is not read or not found."""
        if "hc" not in self._cache:
            self._cache["hc"] = self.healthcheck_probe() if self.healthcheck_probe is not None else None
        return self._cache["hc"]

    @property
    def span(self) -> Span:
        return self.node.span

    @property
    def file(self) -> SourceFile:
        return self.node.file


@record
class Port:
    """A ``ports`` entry, short (``127.0.0.1:8080:80/tcp``) or long syntax."""

    span: Span
    file: SourceFile
    text: str  # as written (short) or a rendering of the long form
    host_ip: str | None
    published: str | None
    target: str | None
    protocol: str
    long: bool = False
    interpolated: bool = False  # some part could not be resolved
    #: the entry as written (a scalar, or the long syntax's mapping)
    node: YNode | None = field(default=None, compare=False, repr=False)

    @property
    def publishes(self) -> bool:
        return bool(self.published) or (self.published is None and not self.long and self.host_ip is None)

    def published_range(self) -> tuple[int, int] | None:
        """Host port range (lo, hi) when known; None for ephemeral or unresolved ports."""
        return _range(self.published)

    def target_range(self) -> tuple[int, int] | None:
        return _range(self.target)


def _range(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    lo, sep, hi = text.partition("-")
    try:
        a = int(lo)
        b = int(hi) if sep else a
    except ValueError:
        return None
    return (a, b) if a <= b else None


@record
class Mount:
    """A ``volumes`` entry. ``type`` is bind, volume, tmpfs, npipe, image or cluster."""

    span: Span
    file: SourceFile
    type: str
    source: str | None
    target: str | None
    read_only: bool
    propagation: str | None = None
    long: bool = False
    interpolated: bool = False

    @property
    def is_bind(self) -> bool:
        return self.type == "bind"

    @property
    def host_path(self) -> str | None:
        """The normalised host path of a bind mount (``/var/run/docker.sock``)."""
        if not self.is_bind or not self.source:
            return None
        p = self.source
        while "//" in p:
            p = p.replace("//", "/")
        return p.rstrip("/") or "/"


@record
class EnvVar:
    name: Located[str]
    value: Located[str] | None  # None: ``- NAME`` (taken from the shell) or a null value
    span: Span  # the whole entry
    file: SourceFile

    @property
    def interpolated(self) -> bool:
        return self.value is not None and has_interpolation(self.value.value)


@record
class EnvFile:
    """A file an ``env_file:`` entry loads, read through the confined reader."""

    ref: Located[str]  # the entry in the compose file
    path: Path | None  # None: interpolated beyond what the file and .env resolve
    source: SourceFile | None  # None: not read (missing, outside the root, not a file)
    entries: tuple[DotenvEntry, ...] = ()

    @property
    def template(self) -> bool:
        """A file meant to be copied and filled in (``.env.example``, ``app.env.sample``...)."""
        return self.path is not None and bool(_TEMPLATE_WORDS & set(re.split(r"[^a-z0-9]+", self.path.name.lower())))


_TEMPLATE_WORDS = frozenset({"example", "examples", "sample", "template", "dist", "tpl", "defaults"})


@record
class Healthcheck:
    span: Span
    file: SourceFile
    disabled: bool
    test: tuple[str, ...] = ()
    #: the ``test`` value as written (its span; the value is the command text)
    test_node: Located[str] | None = None
    #: source offset of each character of the shell text when it maps 1:1 onto the file
    test_positions: tuple[int, ...] | None = None

    def script(self) -> Script | None:
        """The check's command, parsed once by the shell layer: ``CMD-SHELL`` text as a script,
        ``CMD`` words as one command; None when there is no command (``NONE``, ``disable``)."""
        if self.disabled or not self.test or self.test_node is None:
            return None
        from deploylint.shell import parse_shell

        kind = self.test[0].upper()
        if kind == "CMD-SHELL":
            text = " ".join(self.test[1:])
            pos = list(self.test_positions) if self.test_positions is not None else None
            return parse_shell(text, pos, self.file if pos is not None else None)
        words = self.test[1:] if kind == "CMD" else self.test
        return parse_shell(" ".join(shlex.quote(w) for w in words))


@record
class Logging:
    span: Span
    file: SourceFile
    driver: Located[str] | None
    options: Mapping[str, Located[str]]


@record
class Deploy:
    span: Span
    file: SourceFile
    limits: Mapping[str, Located[str]]  # cpus, memory, pids
    reservations: Mapping[str, Located[str]]
    restart_policy: Located[str] | None  # the restart_policy key (condition when given, else "any")


@record
class Dependency:
    name: Located[str]
    condition: Located[str] | None
    span: Span
    file: SourceFile


@record
class Resource:
    """A top-level volume, network, secret or config."""

    name: Located[str]
    node: YNode
    external: bool


@record(eq=False)
class Service:
    name: Located[str]  # the service key where it is first defined
    node: YMap  # the effective mapping (merged); its pairs' nodes live in several files
    image: ImageRef | None = None
    build: BuildSpec | None = None
    ports: tuple[Port, ...] = ()
    expose: tuple[Located[str], ...] = ()
    volumes: tuple[Mount, ...] = ()
    tmpfs: tuple[Located[str], ...] = ()
    environment: Mapping[str, EnvVar] = field(default_factory=dict)
    env_files: tuple[Located[str], ...] = ()
    #: what those entries load (in order)
    env_file_contents: tuple[EnvFile, ...] = ()
    healthcheck: Healthcheck | None = None
    restart: Located[str] | None = None
    deploy: Deploy | None = None
    logging: Logging | None = None
    networks: tuple[Located[str], ...] = ()
    network_mode: Located[str] | None = None
    secrets: tuple[Located[str], ...] = ()
    configs: tuple[Located[str], ...] = ()
    depends_on: tuple[Dependency, ...] = ()
    user: Located[str] | None = None
    privileged: Located[bool] | None = None
    read_only: Located[bool] | None = None
    cap_add: tuple[Located[str], ...] = ()
    cap_drop: tuple[Located[str], ...] = ()
    security_opt: tuple[Located[str], ...] = ()
    devices: tuple[Located[str], ...] = ()
    profiles: tuple[Located[str], ...] = ()
    command: tuple[Located[str], ...] = ()  # words; a string command is split like a shell would
    entrypoint: tuple[Located[str], ...] = ()
    #: other scalar keys as written: pid, ipc, uts, userns_mode, container_name, pull_policy,
    #: mem_limit, cpus, cpu_quota, extends, ... (keyed by the spec's key name)
    scalars: Mapping[str, Located[str]] = field(default_factory=dict)
    #: every key of the effective service -> the key as written (for "which file set this")
    keys: Mapping[str, Located[str]] = field(default_factory=dict)

    @property
    def span(self) -> Span:
        return self.name.span

    @property
    def file(self) -> SourceFile:
        return self.name.file

    def scalar(self, key: str) -> Located[str] | None:
        return self.scalars.get(key)

    @property
    def additional_contexts(self) -> tuple[str, ...]:
        """The names of the build contexts ``build: additional_contexts`` passes: the mapping's
        keys, or the part before ``=`` of each list item."""
        build = self.node.get("build")
        extra = build.get("additional_contexts") if isinstance(build, YMap) else None
        if isinstance(extra, YMap):
            return tuple(p.key.value for p in extra.pairs)
        if isinstance(extra, YSeq):
            return tuple(i.value.partition("=")[0] for i in extra.items if isinstance(i, YScalar))
        return ()

    @property
    def image_name(self) -> str | None:
        """The image's short name (``postgres``), or None (no image, or interpolated name)."""
        if self.image is None or has_interpolation(self.image.path):
            return None
        return self.image.name

    @property
    def one_shot(self) -> bool:
        """A run-to-completion job: ``restart: "no"``/``on-failure``, restart_policy none/on-failure, or a
        command whose words name a one-off task (``migrate``, ``init``, ``setup``, ``seed``, ``backup``).
        A dependant waiting with ``service_completed_successfully`` also makes a service one-shot; that
        is known at the file level (:meth:`ComposeFile.one_shot`)."""
        r = self.restart.value if self.restart else None
        if self.deploy is not None and self.deploy.restart_policy is not None and r is None:
            r = self.deploy.restart_policy.value
        if r is not None:
            return r in ("no", "none", "false") or r.startswith("on-failure")
        return _one_off_task(tuple(w.value for w in (*self.entrypoint, *self.command)))

    @property
    def partial(self) -> bool:
        """A fragment of a service (no ``image``, ``build`` nor ``extends``): its base is elsewhere,
        e.g. in a file merged with ``-f``, so what it does not set cannot be judged."""
        return self.image is None and self.build is None and "extends" not in self.keys

    @property
    def datastore(self) -> str | None:
        """The data-store family of the image (``postgres``, ``redis``...), or None."""
        name = self.image_name
        if name is None:
            return None
        family = DATASTORE_IMAGES.get(name)
        if family is None and self.image is not None and self.image.path.lower().startswith("bitnami/"):
            family = DATASTORE_IMAGES.get(name.removesuffix("ql"))  # bitnami/postgresql
        return family

    @property
    def healthy_when_up(self) -> bool:
        """The service declares a working healthcheck (compose, or its own Dockerfile's HEALTHCHECK)."""
        if self.healthcheck is not None:
            return not self.healthcheck.disabled
        if self.build is not None:
            return self.build.dockerfile_healthcheck is True
        return self.image is not None and self.image.is_resolved and image_has_healthcheck(self.image.normalised)

    def command_has(self, flag: str) -> bool:
        return any(w.value == flag or w.value.startswith(flag + "=") for w in (*self.command, *self.entrypoint))

    def command_value(self, flag: str) -> str | None:
        """The value given to ``flag`` (``--save ""``, ``--maxmemory=1g``) in entrypoint + command, or None."""
        words = [w.value for w in (*self.entrypoint, *self.command)]
        for i, w in enumerate(words):
            if w == flag:
                return words[i + 1] if i + 1 < len(words) else ""
            if w.startswith(flag + "="):
                return w.split("=", 1)[1]
        return None

    @property
    def redis_persistence_off(self) -> bool:
        """Redis told to keep nothing: ``--save ""`` without ``--appendonly yes`` (``--appendonly no``
        alone keeps the default RDB snapshots)."""
        return self.command_value("--save") == "" and self.command_value("--appendonly") != "yes"

    @property
    def cache(self) -> bool:
        """A cache, whose data may be lost: memcached, a service or image named for a cache
        (``redis-cache``), or a Redis with persistence off."""
        family = self.datastore
        if family == "memcached":
            return True
        named = re.split(r"[^a-z0-9]+", self.name.value.lower())
        if "cache" in named or (self.image_name is not None and "cache" in re.split(r"[^a-z0-9]+", self.image_name)):
            return True
        return family == "redis" and self.redis_persistence_off


@record(eq=False)
class ComposeFile:
    """One file's effective project.

    ``profile`` is where the file runs: ``"production"``, ``"development"`` or None (unknown), with
    ``profile_reason`` saying what told (``file name``, ``folder 'dev/'``, ``config '...'``,
    ``swarm stack``, a fragment merged with ``-f``, or a service that bind-mounts its own build
    context over the image it builds: live source, a development stack). Advice that depends on where the file runs asks :meth:`advice`.
    """

    source: SourceFile
    root: YMap | None
    profile: str | None = None
    profile_reason: str = ""
    #: a Swarm stack (``docker stack deploy``): ``restart:`` is ignored, ``deploy.restart_policy``
    #: defaults to ``any``
    swarm: bool = False
    version: Located[str] | None = None  # span: the ``version`` key
    name: Located[str] | None = None
    services: tuple[Service, ...] = ()
    volumes: Mapping[str, Resource] = field(default_factory=dict)
    networks: Mapping[str, Resource] = field(default_factory=dict)
    secrets: Mapping[str, Resource] = field(default_factory=dict)
    configs: Mapping[str, Resource] = field(default_factory=dict)
    includes: tuple[Located[str], ...] = ()
    #: every file merged into this view (this one first)
    files: tuple[SourceFile, ...] = ()
    #: merged files whose own profile is development (an override file merged into a base)
    dev_files: frozenset[str] = frozenset()
    #: variables from the ``.env`` beside the file (values are never printed)
    dotenv: Mapping[str, str] = field(default_factory=dict)
    report_labels: dict[str, str] = field(default_factory=dict)
    #: service name -> the shared definition it inherits (see :meth:`origin`)
    origins: Mapping[str, Located[str]] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # Any: a memo, one type per key

    @property
    def production(self) -> bool:
        """Known production (config, file or folder name, or Swarm ``deploy:`` keys)."""
        return self.profile == PRODUCTION

    def advice(self, at: InFile, default: Severity) -> Severity | None:
        """The severity of context-dependent advice about ``at`` (restart policy, limits, healthcheck,
        log rotation, hardening...), or None to stay silent.

        Known production: ``default``; unknown: at most ``info``; development (the file, or the merged
        file that holds ``at``): None. Exposures (privileged, published database ports, secrets) do
        not ask this: they hold wherever they are real.
        """
        if self.profile == DEVELOPMENT or str(at.file.path) in self.dev_files:
            return None
        if self.profile == PRODUCTION:
            return default
        return Severity.INFO if default.rank > Severity.INFO.rank else default

    def missing(self, svc: Service, default: Severity) -> Severity | None:
        """:meth:`advice` for something ``svc`` does not set; None also for a fragment whose base is
        not found (:attr:`Service.partial`): what it leaves out may be set where it is merged."""
        if svc.partial:
            return None
        return self.advice(svc.name, default)

    def outside_development(self, at: InFile) -> bool:
        """Neither the file nor the merged file holding ``at`` is development: exposures (published
        database ports, secrets, sensitive mounts) are judged there, at their own severity."""
        return self.profile != DEVELOPMENT and str(at.file.path) not in self.dev_files

    def one_shot(self, svc: Service) -> bool:
        """``svc`` runs to completion: :attr:`Service.one_shot`, or another service waits for it with
        ``condition: service_completed_successfully``."""
        if svc.one_shot:
            return True
        awaited: frozenset[str] | None = self._cache.get("awaited")
        if awaited is None:  # once per file: every service asks
            awaited = self._cache["awaited"] = frozenset(
                d.name.value
                for other in self.services
                for d in other.depends_on
                if d.condition is not None and d.condition.value == "service_completed_successfully"
            )
        return svc.name.value in awaited

    def origin(self, svc: Service) -> Located[str] | None:
        """The shared definition ``svc`` is an instance of: the mapping (its key, e.g. ``x-app``) whose
        ``image``/``build`` it merges with ``<<``, else the service a same-file ``extends`` names;
        None if neither."""
        return self.origins.get(svc.name.value)

    def service(self, name: str) -> Service | None:
        by_name: dict[str, Service] | None = self._cache.get("by_name")
        if by_name is None:  # indexed once: rules look services up by name for each dependency
            by_name = {}
            for s in self.services:
                by_name.setdefault(s.name.value, s)  # the first of a name, as a scan finds it
            self._cache["by_name"] = by_name
        return by_name.get(name)

    def resolve(self, text: str) -> str | None:
        """``text`` with substitutions done from ``.env`` and inline defaults; None if unknowable."""
        return interpolate(text, self.dotenv)

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)


#: command words that name a run-to-completion task
ONE_SHOT_WORDS = frozenset({"migrate", "migration", "migrations", "init", "setup", "seed", "backup", "bootstrap"})


def _one_off_task(argv: tuple[str, ...]) -> bool:
    """The last command the words run (``sh -c "a && b"`` runs ``b`` last) names a one-off task in
    its program name (``seed.sh``) or a plain positional (``manage.py migrate``, ``db:migrate``)."""
    if not argv:
        return False
    from deploylint.shell import parse_shell

    cmds = [c.effective() for c in parse_shell(" ".join(shlex.quote(w) for w in argv)).commands if c.name]
    if not cmds:
        return False
    last = cmds[-1]
    program = (last.command_name or "").rsplit(".", 1)[0]
    words = set(re.split(r"[^a-z0-9]+", program.lower()))
    for w in last.positionals():
        if "/" not in w.value and "." not in w.value and not w.value.startswith("-"):
            words |= set(re.split(r"[:_-]+", w.value.lower()))
    return bool(ONE_SHOT_WORDS & words)


#: images whose own Dockerfile declares a HEALTHCHECK (checked 2026-11 against each project's Dockerfile)
IMAGES_WITH_HEALTHCHECK = frozenset(
    {
        "vaultwarden/server",
        "pihole/pihole",
        "louislam/uptime-kuma",
        "authelia/authelia",
        "jellyfin/jellyfin",
        "syncthing/syncthing",
        "jc21/nginx-proxy-manager",
        "ghcr.io/immich-app/immich-server",
    }
)


def image_has_healthcheck(normalised: str) -> bool:
    """The image (its :attr:`~deploylint.models.images.Reference.normalised` name) is known to
    declare a HEALTHCHECK."""
    return normalised in IMAGES_WITH_HEALTHCHECK


#: images that need the container runtime socket to do their job (a reverse proxy reading labels, a
#: container manager, an updater, a socket proxy, a metrics or log agent, a CI runner, a function
#: executor); checked 2026-11 against each project's documentation. Keyed by repository without
#: registry host, ``docker.io/`` or ``library/``.
SOCKET_IMAGES = frozenset(
    {
        "traefik",
        "portainer/portainer",
        "portainer/portainer-ce",
        "portainer/portainer-ee",
        "portainer/agent",
        "containrrr/watchtower",
        "nickfedor/watchtower",
        "willfarrell/autoheal",
        "amir20/dozzle",
        "nginxproxy/nginx-proxy",
        "jwilder/nginx-proxy",
        "nginxproxy/docker-gen",
        "jwilder/docker-gen",
        "nginxproxy/acme-companion",
        "jrcs/letsencrypt-nginx-proxy-companion",
        "lucaslorentz/caddy-docker-proxy",
        "cadvisor/cadvisor",
        "google/cadvisor",
        "gitlab/gitlab-runner",
        "gitlab-org/gitlab-runner",
        "woodpeckerci/woodpecker-agent",
        "drone/drone-runner-docker",
        "gitea/act_runner",
        "openruntimes/executor",
        "open-runtimes/orchestrator/orchestrator",
        "docker",
        "docker/compose",
        "datadog/agent",
        "datadoghq/agent",
        "netdata/netdata",
        "louislam/dockge",
        "grafana/promtail",
        "grafana/alloy",
    }
)
#: of those, the socket proxies: the mount is the recommended way to keep others off the socket
SOCKET_PROXY_IMAGES = frozenset(
    {"tecnativa/docker-socket-proxy", "linuxserver/socket-proxy", "wollomatic/socket-proxy", "11notes/socket-proxy"}
)


def image_key(repository: str) -> str:
    """The key of the image tables: the reference's :attr:`~deploylint.models.images.Reference.normalised`
    name read without its registry host, so a mirror or another registry of the same image finds it
    (``ghcr.io/tecnativa/docker-socket-proxy`` -> ``tecnativa/docker-socket-proxy``,
    ``docker.io/library/Traefik`` -> ``traefik``)."""
    from dataclasses import replace

    from deploylint.models.images import parse_reference

    return replace(parse_reference(repository), registry="", tag=None, digest=None).normalised


def socket_need(repository: str) -> str | None:
    """``"proxy"`` for a socket proxy, ``"needs"`` for an image that needs the runtime socket to work
    (:data:`SOCKET_IMAGES`), None otherwise."""
    key = image_key(repository)
    if key in SOCKET_PROXY_IMAGES:
        return "proxy"
    return "needs" if key in SOCKET_IMAGES else None


def split_command(text: str) -> list[str]:
    """Words of a string command (shell-like); unbalanced quotes fall back to whitespace."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


#: image short name -> data-store family
DATASTORE_IMAGES: dict[str, str] = {
    **dict.fromkeys(("postgres", "postgresql", "postgis", "timescaledb", "timescaledb-ha", "pgvector"), "postgres"),
    **dict.fromkeys(("mysql", "mysql-server", "percona", "percona-server"), "mysql"),
    "mariadb": "mariadb",
    **dict.fromkeys(("mongo", "mongodb", "mongodb-community-server"), "mongo"),
    **dict.fromkeys(("redis", "redis-stack-server", "redis-stack"), "redis"),
    "valkey": "redis",
    "keydb": "redis",
    "dragonfly": "redis",
    "memcached": "memcached",
    "elasticsearch": "elasticsearch",
    "opensearch": "opensearch",
    "rabbitmq": "rabbitmq",
    "cassandra": "cassandra",
    "scylla": "cassandra",
    "couchdb": "couchdb",
    "neo4j": "neo4j",
    "influxdb": "influxdb",
    "clickhouse-server": "clickhouse",
    "clickhouse": "clickhouse",
    "cockroach": "cockroach",
    "etcd": "etcd",
}

#: data-store family -> folders that hold its data (a mount at, above or below one counts)
DATA_PATHS: dict[str, tuple[str, ...]] = {
    "postgres": ("/var/lib/postgresql/data", "/var/lib/postgresql", "/home/postgres/pgdata"),
    "mysql": ("/var/lib/mysql",),
    "mariadb": ("/var/lib/mysql",),
    "mongo": ("/data/db",),
    "redis": ("/data",),
    "elasticsearch": ("/usr/share/elasticsearch/data",),
    "opensearch": ("/usr/share/opensearch/data",),
    "rabbitmq": ("/var/lib/rabbitmq",),
    "cassandra": ("/var/lib/cassandra",),
    "couchdb": ("/opt/couchdb/data",),
    "neo4j": ("/data",),
    "influxdb": ("/var/lib/influxdb", "/var/lib/influxdb2"),
    "clickhouse": ("/var/lib/clickhouse",),
    "cockroach": ("/cockroach/cockroach-data",),
}
