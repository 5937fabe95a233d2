"""Amazon ECS task definitions and service definitions (the JSON that ``aws ecs register-task-definition
--cli-input-json``, ``create-service`` and the ``amazon-ecs-*`` GitHub actions consume).

The model is thin: typed accessors over the positioned JSON nodes, so every value a rule points at
keeps its exact span. Values are read as JSON types: a string ``"true"`` is not a boolean.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from deploylint.models.base import Located
from deploylint.models.tree import YMap, YNode, YScalar, YSeq
from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.models.images import ImageRef


def text_of(node: YNode | None) -> YScalar | None:
    """``node`` when it is a JSON string."""
    return node if isinstance(node, YScalar) and node.style == '"' else None


def bool_of(node: YNode | None) -> bool | None:
    """The JSON boolean ``node`` holds (None for anything else)."""
    return node.as_bool() if isinstance(node, YScalar) else None


def number_of(node: YNode | None) -> float | None:
    """The JSON number ``node`` holds (a numeric string counts too: the CLI accepts neither, but
    templating tools write them)."""
    if not isinstance(node, YScalar) or node.is_null or node.as_bool() is not None:
        return None
    try:
        return float(node.value)
    except ValueError:
        return None


def map_of(node: YNode | None) -> YMap | None:
    """``node`` when it is a JSON object."""
    return node if isinstance(node, YMap) else None


def seq_of(node: YNode | None) -> YSeq | None:
    """``node`` when it is a JSON array."""
    return node if isinstance(node, YSeq) else None


def maps_of(node: YNode | None) -> Iterator[YMap]:
    if isinstance(node, YSeq):
        yield from (i for i in node.items if isinstance(i, YMap))


@record(eq=False)
class EnvVar:
    """One ``{"name": ..., "value": ...}`` entry of a container's ``environment``."""

    name: YScalar
    value: YScalar | None


@record(eq=False)
class Container:
    """One entry of ``containerDefinitions``."""

    node: YMap
    index: int
    image: ImageRef | None  # None when absent or written with a placeholder (``${IMAGE}``, ``<image>``)

    def get(self, key: str) -> YNode | None:
        return self.node.get(key)

    @property
    def name(self) -> str:
        n = text_of(self.node.get("name"))
        return n.value if n is not None else f"#{self.index + 1}"

    @property
    def anchor(self) -> Span:
        """Where findings about something the container lacks go: its ``name`` (or its ``{``)."""
        n = self.node.pair("name")
        return n.key.span if n is not None else self.node.span

    @property
    def essential(self) -> bool:
        """``essential`` defaults to true."""
        return bool_of(self.node.get("essential")) is not False

    @property
    def environment(self) -> tuple[EnvVar, ...]:
        out = []
        for m in maps_of(self.node.get("environment")):
            name = text_of(m.get("name"))
            if name is not None:
                v = m.get("value")
                out.append(EnvVar(name, v if isinstance(v, YScalar) and not v.is_null else None))
        return tuple(out)

    @property
    def user(self) -> YScalar | None:
        return text_of(self.node.get("user"))

    @property
    def ports(self) -> tuple[tuple[int, YScalar], ...]:
        """(containerPort, its node) of every port mapping."""
        out = []
        for m in maps_of(self.node.get("portMappings")):
            p = m.get("containerPort")
            n = number_of(p)
            if isinstance(p, YScalar) and n is not None and n.is_integer():
                out.append((int(n), p))
        return tuple(out)

    @property
    def health_command(self) -> tuple[Located[str], ...]:
        """The ``healthCheck.command`` words (``CMD``/``CMD-SHELL`` first), with their spans."""
        hc = self.node.get("healthCheck")
        cmd = hc.get("command") if isinstance(hc, YMap) else None
        if not isinstance(cmd, YSeq):
            return ()
        return tuple(Located(s.value, s.span) for s in (text_of(i) for i in cmd.items) if s is not None)

    @property
    def health_shell(self) -> bool:
        """The healthCheck runs through a shell (``CMD-SHELL``)."""
        words = self.health_command
        return bool(words) and words[0].value == "CMD-SHELL"

    def health_programs(self, source: SourceFile) -> tuple[Located[str], ...]:
        """The programs the healthCheck runs (base names), each at its exact span when the JSON
        string has no escapes (else at the whole string)."""
        words = self.health_command
        if len(words) < 2 or words[0].value not in ("CMD", "CMD-SHELL"):
            return ()
        arg = words[1]
        if words[0].value == "CMD":
            return (Located(arg.value.rsplit("/", 1)[-1], arg.span),)
        from deploylint.shell import parse_shell

        raw_len = arg.span.end_offset - arg.span.start_offset - 2
        exact = raw_len == len(arg.value)
        out = []
        for cmd in parse_shell(arg.value).commands:
            if cmd.name is None:
                continue
            start = arg.span.start_offset + 1 + cmd.name.span.start_offset
            span = source.span(start, start + len(cmd.name.value)) if exact else arg.span
            out.append(Located(cmd.name.value.rsplit("/", 1)[-1], span))
        return tuple(out)


@record(eq=False)
class EcsFile:
    """A task definition (``containerDefinitions``) and/or a service definition (``serviceName``)."""

    source: SourceFile
    root: YMap
    #: the task definition's mapping: the root, or ``taskDefinition`` of describe-task-definition output
    task: YMap | None
    containers: tuple[Container, ...]
    #: ``production``/``development`` from deploylint.profiles; a file that says nothing is production
    profile: str

    @property
    def is_service(self) -> bool:
        return text_of(self.root.get("serviceName")) is not None

    @property
    def production(self) -> bool:
        return self.profile == "production"

    @property
    def fargate(self) -> bool:
        """The task is for Fargate: ``requiresCompatibilities`` lists ``FARGATE``."""
        if self.task is None:
            return False
        comp = self.task.get("requiresCompatibilities")
        return isinstance(comp, YSeq) and any(getattr(text_of(i), "value", None) == "FARGATE" for i in comp.items)

    def task_value(self, key: str) -> YNode | None:
        return self.task.get(key) if self.task is not None else None

    def service_value(self, key: str, *path: str) -> YNode | None:
        """The service definition's ``key``, or the value at ``key`` then each key of ``path``
        through nested objects (None when one of them is missing or not an object)."""
        node = self.root.get(key) if self.is_service else None
        for k in path:
            node = node.get(k) if isinstance(node, YMap) else None
        return node

    @property
    def service_anchor(self) -> Span:
        p = self.root.pair("serviceName")
        return p.key.span if p is not None else self.root.span


__all__ = ["Container", "EcsFile", "EnvVar", "bool_of", "map_of", "maps_of", "number_of", "seq_of", "text_of"]
