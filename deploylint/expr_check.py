"""Type-check one parsed ``${{ }}`` expression against a :class:`~deploylint.models.workflow_scope.Scope`.

:func:`check` infers the type of every node bottom-up and returns the problems with the node each
one is about (so a finding points at the exact property, call or comparison). Unknown context
and function names and wrong argument counts are left to GHA032; a node whose type cannot be
known is ``any`` and never reported.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from deploylint.expr_types import (
    ANY,
    BOOL,
    CONTEXT_TABLE,
    NULL,
    NUMBER,
    SPECIAL_FUNCTIONS,
    STRING,
    Arr,
    Obj,
    Type,
    describe,
    merge,
    same_shape,
)
from deploylint.expressions import FUNCTIONS, Binary, Call, Ctx, Index, Lit, Node, Prop, Star, Unary

if TYPE_CHECKING:
    from deploylint.models.workflow_scope import Scope

__all__ = ["check", "infer"]

_ORDER = frozenset({"<", "<=", ">", ">="})
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(\d+)\}")
_STATUS_WHERE = "the 'if' of a job or a step"
_HASHFILES_WHERE = "step keys"


class _Checker:
    def __init__(self, scope: Scope, text: str) -> None:
        self.scope = scope
        self.text = text
        self.problems: list[tuple[Node, str]] = []

    def bad(self, node: Node, message: str) -> None:
        self.problems.append((node, message))

    def quote(self, node: Node) -> str:
        t = " ".join(self.text[node.start : node.end].split())
        return t if len(t) <= 60 else t[:57] + "..."

    def infer(self, node: Node) -> Type:
        if isinstance(node, Lit):
            return {"string": STRING, "number": NUMBER, "bool": BOOL}.get(node.kind, NULL)
        if isinstance(node, Ctx):
            return self.context(node)
        if isinstance(node, Prop):
            return self.prop(node, self.infer(node.base))
        if isinstance(node, Star):
            return self.star(node, self.infer(node.base))
        if isinstance(node, Index):
            return self.index(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Unary):
            self.infer(node.operand)
            return BOOL
        if isinstance(node, Binary):
            left, right = self.infer(node.left), self.infer(node.right)
            if node.op in ("&&", "||"):
                return merge(left, right)
            self.compare(node, left, right)
            return BOOL
        return ANY

    def context(self, node: Ctx) -> Type:
        name = node.name.lower()
        if name not in CONTEXT_TABLE:
            return ANY  # GHA032: unknown context
        allowed = self.scope.allowed
        if allowed is not None and name not in allowed[0]:
            here = ", ".join(sorted(allowed[0])) if allowed[0] else "none"
            self.bad(node, f"context '{name}' is not available in '{self.scope.where}' (available there: {here})")
            return ANY
        got = self.scope.contexts.get(name) or CONTEXT_TABLE[name]
        return got if got is not None else ANY

    def prop(self, node: Prop, base: Type) -> Type:
        if isinstance(base, Obj):
            got = base.get(node.name)
            if got is None:
                from deploylint.suggest import did_you_mean

                what = base.label or f"'{self.quote(node.base)}' has no property '{{name}}'"
                names = base.names()
                hint = did_you_mean(node.name, names) if names else ""
                self.bad(node, what.replace("{name}", node.name) + hint)
                return ANY
            return got
        if isinstance(base, Arr):  # after an object filter: the property of every element
            elem = base.elem
            if isinstance(elem, Obj):
                return Arr(elem.get(node.name) or ANY)
            return Arr(ANY)
        if base in (STRING, NUMBER, BOOL):
            self.bad(node, f"'{self.quote(node.base)}' is {describe(base)}, which has no property '{node.name}'")
        return ANY

    def star(self, node: Star, base: Type) -> Type:
        if isinstance(base, Obj):
            return Arr(_values(base))
        if isinstance(base, Arr):
            return Arr(base.elem)
        if base in (STRING, NUMBER, BOOL):
            self.bad(
                node,
                f"the object filter '*' needs an object or an array; '{self.quote(node.base)}' is {describe(base)}",
            )
        return Arr(ANY)

    def index(self, node: Index) -> Type:
        base = self.infer(node.base)
        idx = self.infer(node.index)
        if isinstance(base, Obj):
            if idx in (NUMBER, BOOL) or isinstance(idx, (Obj, Arr)):
                self.bad(node.index, f"a property name must be a string; '{self.quote(node.index)}' is {describe(idx)}")
            return _values(base)
        if isinstance(base, Arr):
            if idx in (STRING, BOOL) or isinstance(idx, (Obj, Arr)):
                self.bad(node.index, f"an array index must be a number; '{self.quote(node.index)}' is {describe(idx)}")
            return base.elem
        return ANY

    def call(self, node: Call) -> Type:
        name = node.lname
        args = [self.infer(a) for a in node.args]
        arity = FUNCTIONS.get(name)
        if arity is None or not arity[0] <= len(args) <= arity[1]:
            return ANY  # GHA032
        allowed = self.scope.allowed
        if name in SPECIAL_FUNCTIONS and allowed is not None and name not in allowed[1]:
            where = _HASHFILES_WHERE if name == "hashfiles" else _STATUS_WHERE
            self.bad(node, f"'{node.name}()' is not available in '{self.scope.where}'; only in {where}")
        if name == "contains":
            if isinstance(args[0], Obj):
                self.bad(
                    node.args[0], f"contains() searches a string or an array; '{self.quote(node.args[0])}' is an object"
                )
            return BOOL
        if name in ("startswith", "endswith"):
            for a, t in zip(node.args, args, strict=True):
                if isinstance(t, (Obj, Arr)):
                    self.bad(a, f"{node.name}() compares strings; '{self.quote(a)}' is {describe(t)}")
            return BOOL
        if name == "format":
            self.format(node)
            return STRING
        if name == "fromjson":
            return self.fromjson(node)
        if name == "case":
            out: Type | None = None
            for i, t in enumerate(args):
                if i % 2 == 1 or i == len(args) - 1:
                    out = t if out is None else merge(out, t)
            return out if out is not None else ANY
        if name in ("success", "always", "cancelled", "failure"):
            return BOOL
        return STRING  # join, toJSON, hashFiles

    def format(self, node: Call) -> None:
        first = node.args[0]
        if not (isinstance(first, Lit) and first.kind == "string"):
            return
        used = {int(m.group(1)) for m in _PLACEHOLDER.finditer(str(first.value)) if m.group(1) is not None}
        given = len(node.args) - 1
        over = sorted(i for i in used if i >= given)
        if over:
            self.bad(first, f"format string uses {{{over[0]}}} but only {given} argument(s) follow it")
        for i in range(given):
            if i not in used:
                self.bad(node.args[i + 1], f"format string has no {{{i}}} placeholder for this argument")

    def fromjson(self, node: Call) -> Type:
        arg = node.args[0]
        if not (isinstance(arg, Lit) and arg.kind == "string"):
            return ANY
        try:
            value = json.loads(str(arg.value))
        except json.JSONDecodeError as exc:
            self.bad(arg, f"fromJSON() is given broken JSON: {exc.msg.lower()} at offset {exc.pos}")
            return ANY
        return _json_type(value, 0)

    def compare(self, node: Binary, left: Type, right: Type) -> None:
        if left is ANY or right is ANY:
            return
        structured = (Obj, Arr)
        if node.op in _ORDER:
            for t in (left, right):
                if t in (BOOL, NULL) or isinstance(t, structured):
                    self.bad(
                        node,
                        f"'{node.op}' orders numbers and strings; this compares {describe(left)} with {describe(right)}",
                    )
                    return
            return
        if not same_shape(left, right):
            self.bad(
                node,
                f"'{node.op}' compares {describe(left)} with {describe(right)}: an object or array equals nothing but itself",
            )


def _values(obj: Obj) -> Type:
    """The type of any one property value of ``obj``."""
    return obj.any_value()


def _json_type(value: object, depth: int) -> Type:
    if depth > 16:
        return ANY
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, str):
        return STRING
    if value is None:
        return NULL
    if isinstance(value, list):
        elem: Type | None = None
        for v in value:
            t = _json_type(v, depth + 1)
            elem = t if elem is None else merge(elem, t)
        return Arr(elem if elem is not None else ANY)
    if isinstance(value, dict):
        return Obj({str(k): _json_type(v, depth + 1) for k, v in value.items()})
    return ANY


def infer(node: Node, scope: Scope, text: str) -> Type:
    """The type of ``node`` in ``scope`` (problems are not reported)."""
    return _Checker(scope, text).infer(node)


def _mismatch(expect: str, t: Type) -> bool:
    if t is ANY:
        return False
    if expect == "object":
        return not isinstance(t, Obj) and t is not NULL
    if expect == "not-object":  # a mapping of runs-on is {group, labels}
        return isinstance(t, Obj) and t.strict and not set(t.props) <= {"group", "labels"}
    if expect == "bool":
        return t is not BOOL
    if expect == "number":
        return t is not NUMBER
    return isinstance(t, (Obj, Arr))  # primitive


def check(node: Node, scope: Scope, text: str, *, whole: Node | None = None) -> list[tuple[Node, str]]:
    """Problems of ``node`` (the AST of one ``${{ }}`` in the string ``text``) in ``scope``."""
    from deploylint.models.workflow_scope import EXPECT

    c = _Checker(scope, text)
    t = c.infer(node)
    if scope.expect and _mismatch(scope.expect, t):
        c.bad(node, f"'{scope.where}' takes {EXPECT[scope.expect]}; '{c.quote(node)}' is {describe(t)}")
        return c.problems
    if scope.template and (isinstance(t, (Obj, Arr)) or t is NULL):
        shown = "null" if t is NULL else describe(t)
        c.bad(
            whole or node,
            f"'{c.quote(node)}' is {shown}; expanded into text it does not give its contents (use toJSON())",
        )
    return c.problems
