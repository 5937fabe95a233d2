"""``@record`` keeps the dataclass semantics the model relies on."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import field

import pytest

from deploylint.records import record, replace


@record
class Point:
    x: int
    label: str = "p"
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", compare=False, repr=False)


@record(eq=False, kw_only=True)
class Keyed:
    a: int
    b: int = 2


@record(frozen=False)
class Derived:
    base: int
    double: int = 0

    def __post_init__(self) -> None:
        self.double = self.base * 2


def test_init_defaults_and_factories() -> None:
    p = Point(1)
    assert (p.x, p.label, p.tags, p.note) == (1, "p", [], "")
    assert Point(1).tags is not Point(1).tags  # a fresh list each time
    assert Point(2, "q", ["t"]).tags == ["t"]
    assert Point(x=3, tags=["u"]).tags == ["u"]
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'x'"):
        Point()  # type: ignore[call-arg]


def test_value_equality_hash_and_repr() -> None:
    @record
    class Pair:
        a: int
        b: str = "x"

    assert Pair(1) == Pair(1, "x")
    assert Pair(1) != Pair(2)
    assert hash(Pair(1)) == hash(Pair(1))
    assert {Pair(1), Pair(1)} == {Pair(1)}
    assert repr(Pair(1)).endswith(".Pair(a=1, b='x')")
    # compare=False and repr=False fields are left out, as dataclasses do
    assert Point(1, note="a") == Point(1, note="b")
    assert repr(Point(1, note="a")) == "Point(x=1, label='p', tags=[])"
    assert Point(1) != Keyed(a=1)  # type: ignore[comparison-overlap]


def test_identity_equality_when_eq_is_off() -> None:
    k = Keyed(a=1)
    assert k == k
    assert Keyed(a=1) != Keyed(a=1)
    with pytest.raises(TypeError, match="takes 1 positional argument"):
        Keyed(1)  # type: ignore[call-arg]


def test_mutable_records_with_value_equality_are_unhashable() -> None:
    d = Derived(3)
    assert d.double == 6
    assert Derived(3) == Derived(3)
    with pytest.raises(TypeError):
        hash(d)


def test_dataclasses_helpers_still_work() -> None:
    p = Point(1, "a")
    assert dataclasses.is_dataclass(p)
    assert [f.name for f in dataclasses.fields(p)] == ["x", "label", "tags", "note"]
    assert dataclasses.replace(p, label="b") == Point(1, "b")
    assert str(inspect.signature(Point)) == (
        "(x: 'int', label: 'str' = 'p', tags: 'list[str]' = <factory>, note: 'str' = '') -> None"
    )
    assert Point.__init__.__qualname__ == "Point.__init__"
    assert not hasattr(p, "__dict__")  # slotted


def test_records_of_one_shape_share_a_template_but_not_names() -> None:
    @record
    class First:
        alpha: int
        beta: int

    @record
    class Second:
        gamma: int
        delta: int

    assert First.__init__.__code__.co_code == Second.__init__.__code__.co_code
    assert (Second(1, 2).gamma, Second(delta=4, gamma=3).delta) == (1, 4)
    assert First(1, 2) != Second(1, 2)  # type: ignore[comparison-overlap]


def test_docstring_without_inspect_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    # dataclasses builds a missing docstring with inspect.signature (slow); records name the fields
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("inspect.signature called while defining a record")

    monkeypatch.setattr(inspect, "signature", refuse)

    @record
    class Bare:
        a: int
        b: str = ""

    @record
    class Documented:
        """Kept as written."""

        a: int

    assert Bare.__doc__ == "Bare(a, b)"
    assert Documented.__doc__ == "Kept as written."


def test_fields_outside_init_are_refused() -> None:
    with pytest.raises(TypeError, match="init=False"):

        @record
        class Derived:
            a: int
            b: int = field(init=False, default=0)


def test_replace_copies_like_dataclasses_replace() -> None:
    p = Point(1, "a", ["t"], note="n")
    for changes in ({}, {"x": 5}, {"label": "b", "note": "m"}, {"tags": []}):
        got = replace(p, **changes)
        want = dataclasses.replace(p, **changes)  # type: ignore[arg-type]
        assert got == want
        assert (got.x, got.label, got.tags, got.note) == (want.x, want.label, want.tags, want.note)
        assert got is not p
    k = replace(Keyed(a=1), b=7)
    assert (k.a, k.b) == (1, 7)
    with pytest.raises(TypeError):
        replace(p, nope=1)


def test_replace_runs_post_init() -> None:
    d = replace(Derived(2), base=3)
    assert (d.base, d.double) == (3, 6)
