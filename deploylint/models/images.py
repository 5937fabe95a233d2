"""What we know about well-known base images.

A small typed table: for each image family, the default user, whether a shell, curl and wget are in
the image, and which lighter variants exist. Variants are told apart by tag (``-slim``,
``-alpine``, ``nonroot``, ``-dev``...). Unknown facts stay ``None`` so rules do not guess.

To add a family, append an :class:`ImageFamily` to :data:`FAMILIES`.
"""

from __future__ import annotations

import re
from dataclasses import field
from enum import StrEnum
from typing import TYPE_CHECKING

from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.models.base import Located
    from deploylint.models.dockerfile import Stage
    from deploylint.source import SourceFile, Span


class Variant(StrEnum):
    FULL = "full"  # the default, Debian/Ubuntu based, build tools included
    SLIM = "slim"
    ALPINE = "alpine"
    DISTROLESS = "distroless"  # no shell, no package manager


@record
class Tools:
    """Which programs a variant ships (None = unknown)."""

    shell: bool | None
    curl: bool | None
    wget: bool | None

    def has(self, program: str) -> bool | None:
        """Whether ``program`` (curl or wget) is in the image; None when unknown or another program."""
        return {"curl": self.curl, "wget": self.wget}.get(program)


#: what ``scratch`` ships: nothing
NO_TOOLS = Tools(shell=False, curl=False, wget=False)


@record
class ImageFamily:
    name: str
    #: repositories (registry/repository, lower case, ``library/`` dropped) that belong to it
    repositories: tuple[str, ...]
    tools: dict[Variant, Tools]
    #: user the image runs as when no USER is set (None = the image does not say: root)
    default_user: str | None = None
    #: the image's entrypoint drops root itself (postgres, redis use gosu)
    drops_privileges: bool = False
    #: lighter variants published for this image, suggested instead of the full one
    lighter: tuple[str, ...] = ()
    #: the full variant is heavy (a build toolchain, compilers, a full distribution)
    heavy: bool = False
    prefix_match: bool = False  # repositories are prefixes (gcr.io/distroless/...)


@record
class ImageFacts:
    """Facts about one concrete image reference."""

    family: ImageFamily
    variant: Variant
    tools: Tools
    default_user: str | None

    @property
    def is_heavy(self) -> bool:
        return self.family.heavy and self.variant is Variant.FULL

    @property
    def runs_as_root(self) -> bool:
        return self.default_user in (None, "root", "0")


_DEBIAN_FULL = Tools(shell=True, curl=True, wget=True)  # buildpack-deps based
_SLIM = Tools(shell=True, curl=False, wget=False)
_ALPINE = Tools(shell=True, curl=False, wget=True)  # busybox wget
_DISTROLESS = Tools(shell=False, curl=False, wget=False)
_LANG = {Variant.FULL: _DEBIAN_FULL, Variant.SLIM: _SLIM, Variant.ALPINE: _ALPINE}

FAMILIES: tuple[ImageFamily, ...] = (
    ImageFamily("node", ("node",), _LANG, lighter=("slim", "alpine"), heavy=True),
    ImageFamily("python", ("python",), _LANG, lighter=("slim", "alpine"), heavy=True),
    ImageFamily("golang", ("golang",), _LANG, lighter=("alpine",), heavy=True),
    ImageFamily("ruby", ("ruby",), _LANG, lighter=("slim", "alpine"), heavy=True),
    ImageFamily("rust", ("rust",), _LANG, lighter=("slim", "alpine"), heavy=True),
    ImageFamily(
        "php",
        ("php",),
        {Variant.FULL: Tools(True, True, None), Variant.ALPINE: Tools(True, True, True)},
        lighter=("alpine",),
    ),
    ImageFamily(
        "openjdk",
        ("openjdk", "eclipse-temurin", "amazoncorretto"),
        {Variant.FULL: Tools(True, None, None), Variant.ALPINE: Tools(True, None, True)},
        lighter=("alpine",),
    ),
    ImageFamily(
        "nginx",
        ("nginx", "nginxinc/nginx-unprivileged"),
        {Variant.FULL: Tools(True, True, None), Variant.ALPINE: Tools(True, True, True)},
        lighter=("alpine",),
    ),
    ImageFamily("alpine", ("alpine",), {Variant.ALPINE: _ALPINE, Variant.FULL: _ALPINE}),
    ImageFamily("debian", ("debian",), {Variant.FULL: _SLIM, Variant.SLIM: _SLIM}, lighter=("slim",)),
    ImageFamily("ubuntu", ("ubuntu",), {Variant.FULL: _SLIM}),
    ImageFamily("busybox", ("busybox",), {Variant.FULL: _ALPINE}),
    ImageFamily(
        "distroless",
        ("gcr.io/distroless/",),
        {Variant.DISTROLESS: _DISTROLESS},
        prefix_match=True,
    ),
    ImageFamily(
        "chainguard",
        ("cgr.dev/chainguard/",),
        {Variant.DISTROLESS: _DISTROLESS},
        default_user="nonroot",
        prefix_match=True,
    ),
    ImageFamily(
        "windows",
        ("mcr.microsoft.com/windows/", "mcr.microsoft.com/dotnet/framework/", "mcr.microsoft.com/powershell:"),
        {Variant.FULL: Tools(None, None, None)},
        default_user="ContainerAdministrator",  # Windows containers have no root user
        prefix_match=True,
    ),
    ImageFamily("postgres", ("postgres",), _LANG | {Variant.FULL: _SLIM}, drops_privileges=True),
    ImageFamily("redis", ("redis",), _LANG | {Variant.FULL: _SLIM}, drops_privileges=True),
)

_BY_REPO = {repo: fam for fam in FAMILIES if not fam.prefix_match for repo in fam.repositories}
_PREFIXED = [(repo, fam) for fam in FAMILIES if fam.prefix_match for repo in fam.repositories]
_ALPINE_TAG = re.compile(r"(?:^|[-.])alpine")
_SLIM_TAG = re.compile(r"(?:^|-)(?:slim|minimal)")
_MIRRORS = ("public.ecr.aws/docker/library/", "mirror.gcr.io/library/", "mirror.gcr.io/")


#: the names Docker Hub answers to; an image there without a namespace lives under ``library/``
DOCKER_HUB = ("docker.io", "index.docker.io", "registry-1.docker.io")


@record
class Reference:
    """An image reference, ``[registry/]repository[:tag][@digest]``, its parts as written.

    The one parser of image references: the Dockerfile (``FROM``), Compose (``image:``), workflow
    (``container:``, ``services:``, ``docker://``) and ECS models read theirs with
    :func:`parse_reference`. ``registry`` is the first path component when it names a host (has a
    ``.`` or ``:``, or is ``localhost``), else ""; ``tag`` and ``digest`` are None when absent.
    """

    registry: str
    repository: str
    tag: str | None = None
    digest: str | None = None

    @property
    def path(self) -> str:
        """Registry and repository as written, without tag or digest (``ghcr.io/o/app``)."""
        return f"{self.registry}/{self.repository}" if self.registry else self.repository

    @property
    def hub_registry(self) -> str:
        """The registry with Docker Hub's spellings as "" (``docker.io`` -> "")."""
        return "" if self.registry.lower() in DOCKER_HUB else self.registry

    @property
    def hub_repository(self) -> str:
        """The repository lowercased, without Docker Hub's implicit ``library/`` (``library/node``
        on Docker Hub -> ``node``)."""
        repo = self.repository.lower()
        if not self.hub_registry and repo.startswith("library/"):
            repo = repo[len("library/") :]
        return repo

    @property
    def normalised(self) -> str:
        """The name two references of the same image share, for comparing and linking:
        ``docker.io/library/nginx``, ``library/nginx`` and ``nginx`` are all ``nginx``."""
        registry = self.hub_registry.lower()
        return f"{registry}/{self.hub_repository}" if registry else self.hub_repository

    @property
    def name(self) -> str:
        """The last path component of the repository, lower case (``node`` for
        ``docker.io/library/node``)."""
        return self.repository.rsplit("/", 1)[-1].lower()

    @property
    def has_tag(self) -> bool:
        return self.tag is not None

    @property
    def is_latest(self) -> bool:
        """The tag is ``latest`` as written (no tag at all is not this: ask :attr:`has_tag`)."""
        return self.tag == "latest"

    @property
    def is_pinned(self) -> bool:
        """Pinned by a digest, ``@<algorithm>:<hex>`` (``@sha256:...``); what follows an ``@``
        without that form (``app@latest``, ``app@``) pins nothing."""
        algorithm, colon, encoded = (self.digest or "").partition(":")
        return bool(algorithm and colon and encoded)

    def format(self) -> str:
        """The reference written out again: ``parse_reference(ref.format()) == ref``."""
        text = self.path
        if self.tag is not None:
            text += f":{self.tag}"
        if self.digest is not None:
            text += f"@{self.digest}"
        return text


def parse_reference(text: str) -> Reference:
    """Split ``[registry/]repository[:tag][@digest]`` into its parts (no normalising)."""
    rest, at, digest = text.partition("@")
    registry = ""
    first, sep, remainder = rest.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        registry, rest = first, remainder
    tag = None
    colon = rest.rfind(":")
    if colon > rest.rfind("/"):
        rest, tag = rest[:colon], rest[colon + 1 :]
    return Reference(registry, rest, tag, digest if at else None)


#: the parts of a reference that names no image (a FROM of an earlier stage, an unresolved variable)
NO_REFERENCE = Reference("", "")


@record
class ImageRef:
    """An image reference where it is written: the text at its span, and its one parse.

    What the Dockerfile (``FROM``), Compose (``image:``), ECS (``image``) and workflow
    (``container:``, ``services:``, ``docker://``) models give their rules, so every rule asks an
    image the same properties. ``raw`` is the value as written (its span names the file);
    ``resolved`` the text once ARG defaults or ``.env`` values are substituted, None when a
    variable in it has no known value. ``reference`` is :func:`parse_reference` of the resolved
    text; when it is unresolved, Compose and workflows parse the written text and the
    Dockerfile model leaves the parts empty (:data:`NO_REFERENCE`), as it does for a ``FROM``
    of an earlier ``stage``.
    """

    raw: Located[str]
    resolved: str | None
    reference: Reference
    stage: Stage | None = field(default=None, compare=False, repr=False)

    @property
    def span(self) -> Span:
        return self.raw.span

    @property
    def file(self) -> SourceFile:
        return self.raw.file

    # -- the parts, as :class:`Reference` answers them --------------------------------------------
    @property
    def registry(self) -> str:
        return self.reference.registry

    @property
    def repository(self) -> str:
        return self.reference.repository

    @property
    def tag(self) -> str | None:
        return self.reference.tag

    @property
    def digest(self) -> str | None:
        return self.reference.digest

    @property
    def path(self) -> str:
        return self.reference.path

    @property
    def hub_registry(self) -> str:
        return self.reference.hub_registry

    @property
    def hub_repository(self) -> str:
        return self.reference.hub_repository

    @property
    def normalised(self) -> str:
        return self.reference.normalised

    @property
    def name(self) -> str:
        return self.reference.name

    @property
    def has_tag(self) -> bool:
        return self.reference.has_tag

    @property
    def is_latest(self) -> bool:
        return self.reference.is_latest

    @property
    def is_pinned(self) -> bool:
        return self.reference.is_pinned

    # -- what the text says ---------------------------------------------------------------------
    @property
    def is_resolved(self) -> bool:
        return self.resolved is not None

    @property
    def interpolated(self) -> bool:
        """Compose's word for "not resolved": a substitution neither the file nor ``.env`` sets."""
        return self.resolved is None

    @property
    def is_scratch(self) -> bool:
        return self.resolved is not None and self.resolved.lower() == "scratch"

    @property
    def is_stage(self) -> bool:
        return self.stage is not None

    # -- what we know about the image ------------------------------------------------------------
    @property
    def deploy_tag_problem(self) -> str | None:
        """Why deploying this reference cannot be rolled back (no tag, ``latest``, an environment tag
        such as ``:production``); None when it is pinned by digest or has another tag."""
        return None if self.is_pinned else deploy_tag_problem(self.tag)

    @property
    def facts(self) -> ImageFacts | None:
        """What the base-image table knows about this image, if anything."""
        if self.resolved is None or self.stage is not None:
            return None
        return lookup(self.reference)

    @property
    def tools(self) -> Tools | None:
        """The programs the image ships as far as known: none for ``scratch``, the base-image
        table's answer for a known family, else None."""
        if self.is_scratch:
            return NO_TOOLS
        facts = self.facts
        return facts.tools if facts is not None else None


def image_ref(raw: Located[str], resolved: str | None, stage: Stage | None = None) -> ImageRef:
    """The Dockerfile and ECS view of an image: parts read from the resolved text, none for an
    unresolved reference or an earlier stage."""
    if resolved is None or stage is not None:
        return ImageRef(raw, resolved, NO_REFERENCE, stage)
    return ImageRef(raw, resolved, parse_reference(resolved))


#: images whose ``nginx.conf`` is the stock one (it includes ``conf.d/*.conf`` and sets little else)
STOCK_NGINX_IMAGES = frozenset({"nginx", "nginx-unprivileged"})

#: images of reverse proxies that terminate TLS in front of other services
PROXY_IMAGES = frozenset(
    {"traefik", "caddy", "haproxy", "envoy", "nginx-proxy", "nginx-proxy-manager", "caddy-docker-proxy", "cloudflared"}
)

#: tags named after an environment: re-pushed on every deploy to it, so the image they named before
#: is gone and a rollback has nothing to return to (``my-api:production``)
ENV_TAGS = frozenset({"production", "prod", "staging", "stable", "dev"})


def is_env_tag(tag: str | None) -> bool:
    """``tag`` names an environment (``:production``, ``:prod``, ``:staging``, ``:stable``, ``:dev``)."""
    return tag is not None and tag.lower() in ENV_TAGS


def deploy_tag_problem(tag: str | None) -> str | None:
    """Why a deployed image with this tag cannot be rolled back, as a message fragment; None when the
    tag is not known to move. One answer for every rule that judges the images a project deploys."""
    if not tag:
        return "has no tag, so it means :latest"
    if tag.lower() == "latest":
        return "uses the mutable :latest tag, so a rollback has nothing to return to"
    if is_env_tag(tag):
        return f"uses the environment tag :{tag}, overwritten on every deploy, so a rollback has nothing to return to"
    return None


def lookup(ref: Reference) -> ImageFacts | None:
    """Facts for an image reference, or None when it is not a family we know."""
    full = ref.normalised
    for mirror in _MIRRORS:
        if full.startswith(mirror):
            full = full[len(mirror) :]
    tag = (ref.tag or "").lower()
    fam = _BY_REPO.get(full)
    if fam is not None:
        if _ALPINE_TAG.search(tag) or fam.name == "alpine":
            variant = Variant.ALPINE
        elif _SLIM_TAG.search(tag):
            variant = Variant.SLIM
        else:
            variant = Variant.FULL
        tools = fam.tools.get(variant) or fam.tools.get(Variant.FULL) or Tools(None, None, None)
        return ImageFacts(fam, variant, tools, fam.default_user)
    for prefix, fam in _PREFIXED:
        if fam.name == "windows" and (full.startswith(prefix) or f"{full}:{tag}".startswith(prefix)):
            return ImageFacts(fam, Variant.FULL, fam.tools[Variant.FULL], fam.default_user)
        if full.startswith(prefix):
            debug = "debug" in tag or tag.endswith("-dev") or tag == "dev"
            tools = Tools(shell=True, curl=None, wget=True) if debug else _DISTROLESS
            if full.endswith("/curl"):  # images built to run curl
                tools = Tools(shell=tools.shell, curl=True, wget=tools.wget)
            user = fam.default_user
            if fam.name == "distroless":
                user = "nonroot" if "nonroot" in tag else None
            if fam.name == "chainguard" and debug:
                user = "root" if tag.endswith("-dev") and "root" in tag else user
            return ImageFacts(fam, Variant.DISTROLESS, tools, user)
    return None
