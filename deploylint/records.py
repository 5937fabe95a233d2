"""``@record``: the model's immutable classes, cheap to define.

The model, findings and settings are slotted dataclasses. ``dataclasses.dataclass(frozen=True)``
compiles five functions per class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``/``__delattr__``); with ~150 classes on the path of a one-file run that was about
40 ms of a 100 ms start-up budget (measured: 0.72 ms a class against 0.22 ms). ``record`` lets
dataclasses compile only ``__init__`` and shares one ``__eq__``, ``__hash__`` and ``__repr__``
between all records, keyed by a per-class ``operator.attrgetter``.

Immutability is enforced by the type checker: ``dataclass_transform(frozen_default=True)`` makes
mypy reject assignments to a record's fields (``frozen=False`` opts out, as with dataclasses). At
run time the instances are ordinary slotted objects; code that must set a field after
construction (a parser wiring parent links) says so with ``object.__setattr__``.

``__init__`` is not compiled per class either: records of one shape (positional and keyword-only
counts, which fields have a default factory) share one compiled template whose parameter and
attribute names are swapped for the class's fields with ``CodeType.replace``.

Semantics kept from dataclasses: value equality over the fields with ``compare=True`` between
instances of the same class, a hash consistent with it (when ``eq`` is on), ``repr`` over the
fields with ``repr=True``, ``dataclasses.fields``/``replace``, and ``field()`` defaults.
"""

from __future__ import annotations

import dataclasses
import inspect  # already imported by dataclasses
import operator
from collections.abc import Callable
from operator import attrgetter
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


#: the default of a parameter whose field has a ``default_factory``
_FACTORY = _Factory()
#: compiled ``__init__`` templates by shape: (positional count, keyword-only count, which fields have a
#: default factory, calls __post_init__). Records of one shape share one compiled code object.
_TEMPLATES: dict[tuple[int, int, tuple[bool, ...], bool], CodeType] = {}


def _template(npos: int, nkw: int, factories: tuple[bool, ...], post_init: bool) -> CodeType:
    """The code of ``__init__(self, _a0, .., *, _aN)`` storing each ``_ai`` in attribute ``_ni``."""
    key = (npos, nkw, factories, post_init)
    code = _TEMPLATES.get(key)
    if code is None:
        args = [f"_a{i}" for i in range(npos + nkw)]
        params = ", ".join(["self", *args[:npos], *(["*", *args[npos:]] if nkw else [])])
        body = []
        for i, factory in enumerate(factories):
            if factory:
                body.append(f"  self._n{i} = _rec_f{i}() if _a{i} is _rec_factory else _a{i}")
            else:
                body.append(f"  self._n{i} = _a{i}")
        if post_init:
            body.append("  self.__post_init__()")
        src = f"def __init__({params}):\n" + ("\n".join(body) or "  pass") + "\n"
        namespace: dict[str, object] = {}
        exec(compile(src, "<record>", "exec"), namespace)
        made = namespace["__init__"]
        assert isinstance(made, FunctionType)
        code = _TEMPLATES[key] = made.__code__
    return code


def _make_init(cls: type) -> None:
    """Give ``cls`` an ``__init__`` from a shared template, renamed to its fields (no compile)."""
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__qualname__}: record fields cannot be init=False (the template sets every field)")
    ordered = [f for f in fields if not f.kw_only] + [f for f in fields if f.kw_only]
    npos = sum(1 for f in fields if not f.kw_only)
    names = [f.name for f in ordered]
    if "self" in names:
        raise TypeError(f"{cls.__qualname__}: a record field cannot be named 'self'")
    factories = tuple(f.default_factory is not dataclasses.MISSING for f in ordered)
    defaults: list[object] = []
    kwdefaults: dict[str, object] = {}
    for i, f in enumerate(ordered):
        if f.default_factory is not dataclasses.MISSING:
            value: object = _FACTORY
        elif f.default is not dataclasses.MISSING:
            value = f.default
        else:
            if i < npos and defaults:
                raise TypeError(f"{cls.__qualname__}: non-default field {f.name!r} follows a default field")
            continue
        if i < npos:
            defaults.append(value)
        else:
            kwdefaults[f.name] = value
    code = _template(npos, len(ordered) - npos, factories, hasattr(cls, "__post_init__"))
    attr_names = {f"_n{i}": n for i, n in enumerate(names)}
    code = code.replace(
        co_varnames=("self", *names),
        co_names=tuple(attr_names.get(n, n) for n in code.co_names),
        co_name="__init__",
        co_qualname=f"{cls.__qualname__}.__init__",
    )
    glb: dict[str, object] = {"_rec_factory": _FACTORY, "__builtins__": __builtins__}
    for i, f in enumerate(ordered):
        if factories[i]:
            glb[f"_rec_f{i}"] = f.default_factory
    init = FunctionType(code, glb, "__init__", tuple(defaults) or None)
    init.__kwdefaults__ = kwdefaults or None
    init.__annotations__ = {f.name: f.type for f in ordered} | {"return": None}
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]


if TYPE_CHECKING:

    class _Record(Protocol):
        """What ``record`` gives a class: the key its comparisons use and the fields its repr shows."""

        __record_repr__: ClassVar[tuple[str, ...]]

        @staticmethod
        def __record_key__(obj: object, /) -> tuple[object, ...]: ...


def _eq(self: _Record, other: object) -> object:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self) == key(other)


def _hash(self: _Record) -> int:
    return hash(self.__record_key__(self))


def _repr(self: _Record) -> str:
    cls = type(self)
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in cls.__record_repr__)
    return f"{cls.__qualname__}({parts})"


def _ordering(
    op: Callable[[tuple[object, ...], tuple[object, ...]], object],
) -> Callable[[_Record, object], object]:
    """``__lt__`` and friends: ``op`` over the compared fields, for two records of one class."""

    def compare(self: _Record, other: object) -> object:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self.__record_key__
        return op(key(self), key(other))

    return compare


_ORDER = {f"__{op.__name__}__": _ordering(op) for op in (operator.lt, operator.le, operator.gt, operator.ge)}


def _tuple_of(names: tuple[str, ...]) -> Callable[[object], tuple[object, ...]]:
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _finish(cls: _C, eq: bool, frozen: bool, order: bool) -> _C:
    fields = dataclasses.fields(cls)
    cls.__record_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if eq:
        cls.__record_key__ = staticmethod(_tuple_of(tuple(f.name for f in fields if f.compare)))  # type: ignore[attr-defined]
        if "__eq__" not in cls.__dict__:
            cls.__eq__ = _eq  # type: ignore[assignment]
        if "__hash__" not in cls.__dict__:
            # as dataclasses do: a mutable record with value equality is unhashable
            cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
        if order:
            for name, fn in _ORDER.items():
                setattr(cls, name, fn)
    return cls


_T = TypeVar("_T")
#: a class's ``__init__`` field names, for :func:`replace`
_INIT_NAMES: dict[type, tuple[str, ...]] = {}


def replace(obj: _T, /, **changes: object) -> _T:
    """``dataclasses.replace`` for records: a copy of ``obj`` with ``changes``, through its
    ``__init__`` (so ``__post_init__`` runs), without looking up the class's fields on every call
    (the Dockerfile parser makes about 40,000 copies in a corpus scan; ``dataclasses.replace``
    spent most of its time in ``fields()``)."""
    cls = obj.__class__
    names = _INIT_NAMES.get(cls)
    if names is None:
        names = _INIT_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)  # type: ignore[arg-type]
    for name in names:
        if name not in changes:
            changes[name] = getattr(obj, name)
    made: _T = cls(**changes)
    return made


@overload
def record(cls: _C, /) -> _C: ...


@overload
def record(
    *, eq: bool = True, order: bool = False, frozen: bool = True, slots: bool = True, kw_only: bool = False
) -> Callable[[_C], _C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(
    cls: _C | None = None,
    /,
    *,
    eq: bool = True,
    order: bool = False,
    frozen: bool = True,
    slots: bool = True,
    kw_only: bool = False,
) -> _C | Callable[[_C], _C]:
    """Make ``cls`` a record (see the module docstring). ``frozen`` only informs the type checker."""

    def wrap(c: _C) -> _C:
        if not c.__doc__:
            # dataclasses would make this docstring with inspect.signature, which tokenizes
            # object.__init__'s text signature: about 0.2 ms a class, the first one 3 ms more
            c.__doc__ = f"{c.__name__}({', '.join(inspect.get_annotations(c))})"
        made: _C = dataclasses.dataclass(  # type: ignore[assignment]
            c, init=False, eq=False, repr=False, slots=slots, kw_only=kw_only
        )
        _make_init(made)
        return _finish(made, eq, frozen, order and eq)

    return wrap if cls is None else wrap(cls)
