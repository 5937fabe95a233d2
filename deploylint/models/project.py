"""The project model: typed links between the artifacts of one repository.

:class:`Project` is the interface cross-file rules see (``ctx.project``, and the ``project``
argument of PRJ rules): every question a rule may ask of the repository, typed. The records below
are the links it answers with. The linker that computes them is :mod:`deploylint.links`, which
rules never import.

A link that cannot be resolved is an explicit :class:`Unresolved` carrying the reason, never None,
so cross-file rules can report it deliberately (or stay quiet about it deliberately).
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias, TypeVar, overload

from deploylint.kinds import Kind
from deploylint.models.base import Located
from deploylint.paths import resolve
from deploylint.records import record
from deploylint.source import SourceFile

if TYPE_CHECKING:
    from deploylint.models.compose import ComposeFile, Service
    from deploylint.models.dockerfile import Dockerfile, DockerIgnore, Stage
    from deploylint.models.ecs import Container, EcsFile
    from deploylint.models.nginx import Directive, NginxConfig
    from deploylint.models.pm2 import Pm2File
    from deploylint.models.tree import YScalar
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


# -- ECS and PM2 links (computed by deploylint.links.ecs and deploylint.links.pm2) ---------------


@record
class EcsRef:
    """A workflow step that reads an ECS definition file."""

    workflow: Workflow
    job: Job
    step: Step
    how: str  # "render", "deploy" or the aws ecs subcommand
    path: Path | Unresolved
    at: Located[str]
    #: render: the ``container-name`` whose image the step replaces
    container: str | None = None


@record
class ImageSource:
    """The Dockerfile that builds a container's image, and how that is known."""

    dockerfile: DockerfileRef
    how: str

    @property
    def final(self) -> Stage | None:
        """The stage the image is (the Dockerfile's last)."""
        return self.dockerfile.model.final_stage


@record(frozen=False, slots=False)
class EcsLinks:
    refs: list[EcsRef]
    #: (resolved definition path, container name) -> the render step that replaces its image
    rendered: dict[tuple[Path, str], EcsRef]

    def render_of(self, ecs: EcsFile, container: Container) -> EcsRef | None:
        try:
            key = resolve(ecs.source.path)
        except OSError:
            return None
        return self.rendered.get((key, container.name))


@record
class Pm2Listen:
    port: int
    at: YScalar
    source: SourceFile
    app: str


@record
class Pm2Run:
    """A Dockerfile whose ENTRYPOINT/CMD runs ``pm2-runtime`` (or ``pm2 start``) on an ecosystem
    file, and the ecosystem file of the build context that is (or why that is not known)."""

    dockerfile: Dockerfile
    stage: Stage
    #: the ecosystem file argument as written, at its span in the Dockerfile
    at: Located[str]
    #: where the file is in the container (None when the WORKDIR is not known)
    container_path: str | None
    target: Path | Unresolved


# -- the interface rules see ----------------------------------------------------------------------

#: the model of a scanned file, by its kind
FileModel: TypeAlias = "Dockerfile | ComposeFile | NginxConfig | Workflow | EcsFile | Pm2File"


class ScannedFile(Protocol):
    """A file of the scan, as the project hands it out with its model."""

    @property
    def path(self) -> Path: ...

    @property
    def kind(self) -> Kind: ...

    @property
    def display(self) -> str: ...

    @property
    def model(self) -> FileModel | None: ...


class FileAccess(Protocol):
    """The root-confined reader behind the project: whether a path exists (overlays included)."""

    def exists(self, path: Path) -> bool: ...


class Project(ABC):
    """Every parsed artifact of the scan plus the typed links between them.

    Links are computed on first use and cached. Every file-system question is confined to the
    scanned root: a rule asks :meth:`is_file` or :meth:`exists` here, never the disk.
    """

    #: the scanned root
    root: Path
    #: the root-confined reader the scan parses with
    env: FileAccess
    #: every file of the scan, in scan order
    artifacts: Sequence[ScannedFile]

    # -- files ------------------------------------------------------------------------------------
    @overload
    def of_kind(self, kind: Literal[Kind.DOCKERFILE], /) -> Iterator[tuple[ScannedFile, Dockerfile]]: ...
    @overload
    def of_kind(self, kind: Literal[Kind.COMPOSE], /) -> Iterator[tuple[ScannedFile, ComposeFile]]: ...
    @overload
    def of_kind(self, kind: Literal[Kind.NGINX], /) -> Iterator[tuple[ScannedFile, NginxConfig]]: ...
    @overload
    def of_kind(self, kind: Literal[Kind.WORKFLOW], /) -> Iterator[tuple[ScannedFile, Workflow]]: ...
    @overload
    def of_kind(self, kind: Literal[Kind.ECS], /) -> Iterator[tuple[ScannedFile, EcsFile]]: ...
    @overload
    def of_kind(self, kind: Literal[Kind.PM2], /) -> Iterator[tuple[ScannedFile, Pm2File]]: ...
    @overload
    def of_kind(self, *kinds: Kind) -> Iterator[tuple[ScannedFile, FileModel]]: ...
    def of_kind(self, *kinds: Kind) -> Iterator[tuple[ScannedFile, FileModel]]:
        """The scanned files of these kinds that parsed, with their models, in scan order."""
        for a in self.artifacts:
            if a.kind in kinds:
                model = a.model
                if model is not None:
                    yield a, model

    @abstractmethod
    def dockerfile(self, path: Path) -> DockerfileRef | Unresolved:
        """The Dockerfile at ``path`` (scanned, or read on demand under the root), or why not."""

    @abstractmethod
    def rel(self, path: Path) -> str:
        """``path`` relative to the root, for messages (as given when outside it)."""

    @abstractmethod
    def repo_root(self, path: Path) -> Path:
        """The nearest folder above ``path`` (within the scanned root) holding .git or .github."""

    @abstractmethod
    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file under the scanned root (answers are cached)."""

    @abstractmethod
    def exists(self, path: Path) -> bool:
        """Whether ``path`` exists under the scanned root (answers are cached)."""

    @abstractmethod
    def file_in_or_above(self, folder: Path, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` found in ``folder`` or a folder above it, up to the scanned root."""

    @abstractmethod
    def gitignored(self, path: Path) -> bool:
        """Whether a .gitignore between the repository root and the file ignores it."""

    # -- compose ----------------------------------------------------------------------------------
    @property
    @abstractmethod
    def compose_files(self) -> list[ComposeFile]:
        """The scanned compose files."""

    @abstractmethod
    def compose_nearby(self, path: Path) -> bool:
        """Whether a file named like a compose file sits in the folder of ``path`` or above it."""

    @abstractmethod
    def compose_near(self, path: Path) -> list[ComposeFile]:
        """Scanned compose files of the same repository, plus unscanned ones in folders above."""

    @abstractmethod
    def services(self, compose: ComposeFile) -> Iterator[ComposeService]:
        """The services of a compose file."""

    @abstractmethod
    def listens(self, cs: ComposeService) -> tuple[ListenPort, ...]:
        """The ports a compose service listens on, and where each is said."""

    # -- builds -----------------------------------------------------------------------------------
    @property
    @abstractmethod
    def service_builds(self) -> list[ServiceBuild]:
        """Every compose ``build:`` of the scanned compose files, linked."""

    @abstractmethod
    def builds_of(self, dockerfile_path: Path) -> list[ServiceBuild]:
        """Compose services (scanned, or in compose files above it) that build this Dockerfile."""

    @abstractmethod
    def contexts_of(self, df: Dockerfile) -> list[Path]:
        """Build contexts a Dockerfile is built with (its own folder when nothing links one)."""

    @abstractmethod
    def linked_contexts(self, df: Dockerfile) -> list[Path]:
        """Build contexts a compose ``build:`` or a workflow build step gives this Dockerfile."""

    @abstractmethod
    def inferred_context(self, df: Dockerfile, rel: str) -> Path | None:
        """For a Dockerfile nothing links to a build: the folder under which ``rel`` exists."""

    @abstractmethod
    def dockerignore_for(self, df: Dockerfile, context: Path) -> DockerIgnore | None:
        """The ignore file Docker uses for ``df`` built with ``context``."""

    @abstractmethod
    def overrides_for(self, df: Dockerfile, key: str) -> list[ServiceBuild] | None:
        """Compose services building ``df`` that all set ``key``, else None."""

    # -- nginx ------------------------------------------------------------------------------------
    @property
    @abstractmethod
    def config_mounts(self) -> list[ConfigMount]:
        """Compose bind mounts of nginx configs into services."""

    @property
    @abstractmethod
    def upstreams(self) -> list[UpstreamTarget]:
        """Every nginx upstream address of the scanned configs, linked to a compose service."""

    @abstractmethod
    def compose_for_nginx(self, path: Path) -> list[ComposeFile]:
        """Compose files that mount this nginx config, else those in the folders above it."""

    @abstractmethod
    def nginx_in_stock_image(self, path: Path) -> bool:
        """The nginx config at ``path`` goes into ``conf.d/`` of a stock nginx image."""

    @abstractmethod
    def nginx_behind_proxy(self, path: Path) -> str | None:
        """Why the nginx config at ``path`` serves behind another proxy (None: nothing says so)."""

    # -- workflows --------------------------------------------------------------------------------
    @property
    @abstractmethod
    def workflow_builds(self) -> list[WorkflowBuild]:
        """Workflow steps that build an image."""

    @property
    @abstractmethod
    def workflow_compose(self) -> list[WorkflowComposeRef]:
        """Compose files that workflow steps name with ``-f``."""

    @abstractmethod
    def run_folder(self, wf: Workflow, step: Step, cwd: str | None) -> Path | Unresolved:
        """The folder a command of ``step`` runs in."""

    @abstractmethod
    def run_folder_generated(self, wf: Workflow, step: Step, cwd: str | None) -> bool:
        """The folder a command of ``step`` runs in is made by the job at run time."""

    @abstractmethod
    def local_uses_exists(self, wf: Workflow, path: str) -> bool:
        """A local ``uses: ./...`` is in the repository holding ``wf``."""

    @abstractmethod
    def called_workflow(self, wf: Workflow, path: str) -> Workflow | None:
        """The reusable workflow a job of ``wf`` calls with the local ``uses: path``
        (``./.github/workflows/x.yml``, ``$/...``), read under the root; None when the path is not
        a plain local file path, or the file is missing or cannot be parsed."""

    @abstractmethod
    def called_workflow_missing(self, wf: Workflow, path: str) -> bool:
        """Nothing is at the local ``uses: path`` of a job of ``wf``, and the repository holding
        ``wf`` is a git checkout (``.git`` at its top), so the file is not merely left out of a
        partial copy."""

    @abstractmethod
    def local_action(self, wf: Workflow, path: str) -> Workflow | None:
        """The metadata (``action.yml``, else ``action.yaml``) of the action in the folder a step
        of ``wf`` names with the local ``uses: path``, read under the root; None when there is no
        such file (the folder may be made at run time) or it cannot be parsed."""

    @abstractmethod
    def workspace_file(self, wf: Workflow, names: tuple[str, ...]) -> Path | None:
        """The first of ``names`` at the top of the workspace of ``wf``."""

    # -- ECS, PM2, .env ---------------------------------------------------------------------------
    @property
    @abstractmethod
    def ecs(self) -> EcsLinks:
        """Workflow steps that read ECS definitions, and the containers whose image they render."""

    @abstractmethod
    def image_source(self, ecs: EcsFile, container: Container) -> ImageSource | None:
        """The Dockerfile that builds ``container``'s image, when the project shows it."""

    @property
    @abstractmethod
    def pm2_runs(self) -> list[Pm2Run]:
        """Dockerfiles whose CMD/ENTRYPOINT starts a PM2 ecosystem file, linked to that file."""

    @property
    @abstractmethod
    def pm2_listens(self) -> list[Pm2Listen]:
        """Every literal ``PORT`` an app of a scanned ecosystem file sets."""

    @property
    @abstractmethod
    def env_files(self) -> list[EnvFile]:
        """``.env`` files at repository roots and in build contexts (values are never kept)."""
