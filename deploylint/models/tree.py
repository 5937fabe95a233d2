"""The positioned syntax trees that models are built from, and that rules may walk.

A YAML file, a JSON file and the exported object of a JavaScript configuration are all read into
the same small nodes (:class:`YScalar`, :class:`YSeq`, :class:`YMap` and its :class:`YPair`), each
with the exact span where it is written; a JavaScript value only running the code could tell is a
:class:`YUnknown`, and ``process.env.NAME`` a :class:`YEnvRef`. A ``.env`` file is a flat list of
:class:`DotenvEntry`. The readers that build these live in ``deploylint.parsers`` (``_yaml``,
``_json``, ``_js``, ``dotenv``) and import the types from here, so a model (Compose, workflow,
ECS, PM2) holds and reads them without importing a parser.

Scalars keep their raw text: interpretation (YAML 1.1 ``on``/``yes`` booleans or not) is each
kind's decision, which is how the GitHub Actions ``on:`` key stays a string.
"""

from __future__ import annotations

from collections.abc import Iterator

from deploylint.records import record
from deploylint.source import Span
from deploylint.truth import yaml_bool


@record(eq=False)
class YNode:
    span: Span
    tag: str
    anchor: str | None


@record(eq=False)
class YScalar(YNode):
    value: str
    style: str  # "" plain, "'" or '"' quoted, "|" or ">" block

    @property
    def plain(self) -> bool:
        return self.style == ""

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")

    def as_bool(self) -> bool | None:
        """true/false in YAML 1.2 spelling (None when the scalar is not a boolean)."""
        return yaml_bool(self.value, plain=self.plain)

    def as_int(self) -> int | None:
        if not self.plain:
            return None
        try:
            return int(self.value.replace("_", ""), 0)
        except ValueError:
            return None

    @property
    def text(self) -> str:
        return self.value


@record(eq=False)
class YSeq(YNode):
    items: tuple[YNode, ...]


@record(eq=False)
class YPair:
    key: YScalar
    value: YNode
    merged: bool = False  # came from a ``<<`` merge


@record(eq=False)
class YMap(YNode):
    pairs: tuple[YPair, ...]
    #: keys that are not scalars (complex keys), kept for diagnostics only
    odd_keys: tuple[YNode, ...] = ()
    #: where ``<<`` merge keys are written (their pairs are in ``pairs`` with ``merged=True``)
    merge_keys: tuple[Span, ...] = ()

    def get(self, key: str) -> YNode | None:
        for p in self.pairs:
            if p.key.value == key:
                return p.value
        return None

    def pair(self, key: str) -> YPair | None:
        for p in self.pairs:
            if p.key.value == key:
                return p
        return None

    def keys(self) -> list[str]:
        return [p.key.value for p in self.pairs]

    def __iter__(self) -> Iterator[YPair]:
        return iter(self.pairs)


@record(eq=False)
class YUnknown(YNode):
    """A JavaScript value only running the code could tell (a call, a spread, arithmetic...)."""

    what: str  # the syntax node type, for messages and tests


@record(eq=False)
class YEnvRef(YNode):
    """``process.env.NAME`` in a JavaScript file, with the literal after ``||``/``??`` when there is one."""

    name: str
    default: YScalar | None = None


@record
class DotenvEntry:
    """One ``NAME=value`` assignment of a ``.env``-style file."""

    name: str
    value: str
    name_span: Span
    value_span: Span
    #: the value was written in quotes
    quoted: bool = False


__all__ = ["DotenvEntry", "YEnvRef", "YMap", "YNode", "YPair", "YScalar", "YSeq", "YUnknown"]
