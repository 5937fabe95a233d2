"""The project model: typed links between the artifacts of one repository.

A link that cannot be resolved is an explicit :class:`Unresolved` carrying the reason, never None,
so cross-file rules can report it deliberately (or stay quiet about it deliberately).
"""

from __future__ import annotations

import enum
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from deploylint.models.base import Located
from deploylint.records import record
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.models.compose import ComposeFile, Service
    from deploylint.models.dockerfile import Dockerfile, Stage
    from deploylint.models.nginx import Directive
    from deploylint.models.workflow import Job, Step, Workflow

T = TypeVar("T")


class Cause(enum.Enum):
    """Why a link could not be followed, as a rule asks it (the ``reason`` text is for people)."""

    OTHER = "other"
    #: an nginx upstream host that is this machine (``localhost``, ``127.0.0.1``...)
    LOCAL_ADDRESS = "local address"
    #: no compose file belongs with the nginx config
    NO_COMPOSE = "no compose file"
    #: the compose files have no service, alias or container of that name
    NO_SERVICE = "no service"


@record
class Unresolved:
    """Why a link could not be followed (a path outside the root, an expression, a missing file...)."""

    reason: str
    missing: bool = False  # the target was expected on disk and is not there
    cause: Cause = Cause.OTHER


@record
class DockerfileRef:
    path: Path
    model: Dockerfile

    @property
    def source(self) -> SourceFile:
        return self.model.source


@record
class ComposeService:
    compose: ComposeFile
    service: Service

    @property
    def name(self) -> str:
        return self.service.name.value

    @property
    def source(self) -> SourceFile:
        return self.service.name.file


@record
class ServiceBuild:
    """compose ``build:`` -> build context, Dockerfile and target stage."""

    service: ComposeService
    context: Path | Unresolved
    dockerfile: DockerfileRef | Unresolved
    dockerfile_path: Path | Unresolved
    #: the ``build`` node (or its ``dockerfile``/``context`` value) where findings go
    anchor: Located[str]
    target: Located[str] | None = None
    stage: Stage | Unresolved | None = None
    args: tuple[Located[str], ...] = ()


@record
class ListenPort:
    port: int
    how: str  # "EXPOSE", "expose", "ports", "command", "image"
    at: Located[str] | None = None


@record
class UpstreamTarget:
    """nginx ``proxy_pass``/``fastcgi_pass``/upstream ``server`` host:port -> compose service:port."""

    directive: Directive
    host: str
    port: int | None
    arg: Located[str]
    service: ComposeService | Unresolved
    listens: tuple[ListenPort, ...] = ()
    #: compose files considered (those mounting the config, else those above it)
    candidates: tuple[ComposeFile, ...] = ()


@record
class ImageTag:
    repository: str
    tag: str  # "" when none; "@digest" for digests; "dynamic" for expressions
    at: Located[str]
    versioned: bool  # a sha/version/expression tag (not latest, not empty)


@record
class WorkflowBuild:
    """A workflow step that builds an image: ``docker build`` or docker/build-push-action."""

    workflow: Workflow
    job: Job
    step: Step
    source: SourceFile
    dockerfile: Path | Unresolved
    dockerfile_at: Located[str] | None
    context: Path | Unresolved
    context_at: Located[str] | None
    tags: tuple[ImageTag, ...] = ()
    pushes: bool = False


@record
class WorkflowComposeRef:
    workflow: Workflow
    step: Step
    path: Path | Unresolved
    at: Located[str]


@record
class ConfigMount:
    """A compose bind mount of an nginx config file into a service."""

    service: ComposeService
    host_path: Path
    at: Located[str]
    target: str = ""  # the path inside the container


@record
class EnvFile:
    """A ``.env``-style file: names and spans of its assignments (values are never kept)."""

    path: Path
    source: SourceFile
    secrets: tuple[Located[str], ...]  # names that look like secrets with a literal value


@record(frozen=False, slots=False)
class ProjectFacts:
    """Everything the linker found, for rules and for tests."""

    service_builds: list[ServiceBuild] = field(default_factory=list)
    upstreams: list[UpstreamTarget] = field(default_factory=list)
    workflow_builds: list[WorkflowBuild] = field(default_factory=list)
    workflow_compose: list[WorkflowComposeRef] = field(default_factory=list)
    config_mounts: list[ConfigMount] = field(default_factory=list)
    env_files: list[EnvFile] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
