"""Where an nginx variable's value comes from, and what it can contain.

``Variables(conf).domain(name, at)`` follows a variable used by directive ``at`` to its
providers: a regex capture (of the enclosing ``if``, an earlier ``rewrite`` or the regex
location, constrained by what the matched variable can hold), ``set`` in an enclosing level,
``map``, or nginx's built-in variables. The answer is a :class:`Domain`: can the value contain
a given character, is it controlled by the client, does it always start with or contain ``/``.
Nothing is evaluated; chains are followed to a bounded depth and unknown variables give ``None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from deploylint.models.nginx_regex import CharSet, Regex, parse_regex
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.models.nginx import Directive, NginxConfig

_VAR = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
MAX_DEPTH = 8


@record(slots=False)
class Domain:
    """What a value can be. ``sets`` are the characters it may contain (alternatives);
    ``within`` further constrains them (a capture only holds what its subject holds)."""

    user: bool = False
    sets: tuple[CharSet, ...] = ()
    literal: str | None = None
    within: Domain | None = None
    first_slash: bool = False
    must_slash: bool = False
    parts: tuple[Domain, ...] = ()  # a concatenation (all parts) ...
    options: tuple[Domain, ...] = ()  # ... or alternatives (any option)

    def can_contain(self, ch: str) -> bool:
        if self.parts:
            return any(p.can_contain(ch) for p in self.parts)
        if self.options:
            return any(p.can_contain(ch) for p in self.options)
        if self.literal is not None:
            return ch in self.literal
        hit = any(s.contains(ch) for s in self.sets)
        return hit and (self.within is None or self.within.can_contain(ch))

    @property
    def controlled(self) -> bool:
        if self.parts:
            return any(p.controlled for p in self.parts)
        if self.options:
            return any(p.controlled for p in self.options)
        return self.user


def _cls(pattern: str) -> tuple[CharSet, ...]:
    rx = parse_regex(pattern)
    assert rx is not None
    from deploylint.models.nginx_regex import _all_sets, nodes

    return tuple(_all_sets(nodes(rx.tree)))


_NOT_SPACE_TAB = _cls(r"[^\x20\t]")
_NOT_SPACE = _cls(r"[^\s]")
_ARG = _cls(r"[^\s&]")
_HEADER = _cls(r"[\x21-\x7e]")

#: built-in variables (exact names, then prefixes)
BUILTINS: dict[str, Domain] = {
    "uri": Domain(user=True, sets=_NOT_SPACE_TAB, first_slash=True, must_slash=True),
    "document_uri": Domain(user=True, sets=_NOT_SPACE_TAB, first_slash=True, must_slash=True),
    "request_uri": Domain(user=True, sets=_NOT_SPACE, first_slash=True, must_slash=True),
    "args": Domain(user=True, sets=_NOT_SPACE),
    "query_string": Domain(user=True, sets=_NOT_SPACE),
}
PREFIXES: dict[str, Domain] = {
    "arg_": Domain(user=True, sets=_ARG),
    "http_": Domain(user=True, sets=_HEADER),
}
SAFE = Domain()


def parts_of(text: str) -> list[tuple[str, bool]]:
    """Split a value into (literal, False) and (variable name, True) pieces."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _VAR.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1) or m.group(2), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


@record(frozen=False, slots=False)
class Variables:
    conf: NginxConfig
    _maps: dict[str, list[Directive]] | None = field(default=None, repr=False)
    #: id(block) -> its rewrites indexed by capture (``_rewrites_before``)
    _rewrites: dict[int, _RewriteIndex] = field(default_factory=dict, repr=False)

    def maps(self) -> dict[str, list[Directive]]:
        if self._maps is None:
            self._maps = {}
            for d in self.conf.all("map"):
                if d.block is not None and len(d.args) >= 2:
                    self._maps.setdefault(d.args[-1].value.lstrip("$"), []).append(d)
        return self._maps

    def value(self, text: str, at: Directive, depth: int = 0, *, skip_own_captures: bool = False) -> Domain:
        """The domain of a complex value such as ``"http://$host$uri"``."""
        parts: list[Domain] = []
        for piece, is_var in parts_of(text):
            if not is_var:
                parts.append(Domain(literal=piece, first_slash=piece.startswith("/"), must_slash="/" in piece))
                continue
            dom = self.domain(piece, at, depth + 1, skip_own_captures=skip_own_captures)
            parts.append(dom if dom is not None else SAFE)
        if len(parts) == 1:
            return parts[0]
        return Domain(
            parts=tuple(parts),
            first_slash=bool(parts) and parts[0].first_slash,
            must_slash=any(p.must_slash for p in parts),
        )

    def domain(self, name: str, at: Directive, depth: int = 0, *, skip_own_captures: bool = False) -> Domain | None:
        if depth > MAX_DEPTH:
            return None
        capture = self._capture(name, at, depth, skip_own_captures)
        if capture is not None:
            return capture
        sets = self._sets(name, at)
        if sets:
            return _union([self.value(s.arg(1), s, depth + 1) for s in sets])
        maps = self.maps().get(name)
        if maps:
            return _union([self._map_value(m, e, depth) for m in maps for e in m.children if e.args])
        if name in BUILTINS:
            return BUILTINS[name]
        for prefix, dom in PREFIXES.items():
            if name.startswith(prefix):
                return dom
        return None

    def _map_value(self, m: Directive, entry: Directive, depth: int) -> Domain:
        text = entry.arg(0)
        key = entry.name
        if key.startswith("~") and any(p[1] for p in parts_of(text)):
            rx = parse_regex(key.lstrip("~*"), caseless=key.startswith("~*"))
            subject = self.value(m.arg(0), m, depth + 1)
            if rx is not None:
                return self._with_captures(text, rx, subject, m, depth)
        return self.value(text, m, depth + 1)

    def _with_captures(self, text: str, rx: Regex, subject: Domain, at: Directive, depth: int) -> Domain:
        parts: list[Domain] = []
        for piece, is_var in parts_of(text):
            if not is_var:
                parts.append(Domain(literal=piece, first_slash=piece.startswith("/"), must_slash="/" in piece))
                continue
            dom = _group_domain(rx, piece, subject)
            if dom is None:
                dom = self.domain(piece, at, depth + 1) or SAFE
            parts.append(dom)
        return parts[0] if len(parts) == 1 else Domain(parts=tuple(parts), must_slash=any(p.must_slash for p in parts))

    def _capture(self, name: str, at: Directive, depth: int, skip_own: bool) -> Domain | None:
        """A numbered or named capture, from the nearest regex that can have set it."""
        if not (name.isdigit() or _is_named_candidate(name)):
            return None
        child = at
        node = at.parent
        if at.name == "rewrite" and at.args:
            rx = parse_regex(at.arg(0))
            if rx is not None:
                dom = _group_domain(rx, name, BUILTINS["uri"])
                if dom is not None:
                    return SAFE if skip_own else dom  # nginx escapes a rewrite's own captures
        while node is not None:
            if node.name == "if" and len(node.args) == 3 and node.args[1].value in ("~", "~*"):
                rx = parse_regex(node.args[2].value, caseless=node.args[1].value == "~*")
                if rx is not None:
                    subject = self.value(node.args[0].value, node, depth + 1)
                    dom = _group_domain(rx, name, subject)
                    if dom is not None:
                        return dom
            if node.block is not None:
                for rx in self._rewrites_before(node, child, name):
                    dom = _group_domain(rx, name, BUILTINS["uri"])
                    if dom is not None:
                        return dom
            if node.name == "location" and node.args:
                from deploylint.models.nginx import _location_parts

                mod, path = _location_parts(node)
                rx = parse_regex(path, caseless=mod == "~*") if mod in ("~", "~*") else None
                if rx is not None:
                    return _group_domain(rx, name, BUILTINS["uri"])
            if node.name in ("server", "http"):
                break
            child, node = node, node.parent
        return None

    def _rewrites_before(self, node: Directive, child: Directive, name: str) -> Iterator[Regex]:
        """The regexes of the ``rewrite`` directives of ``node`` above its child ``child`` that
        have a capture ``name`` (a number up to :data:`MAX_GROUP_KEY` or a group name), nearest
        first. Each block is indexed once, by capture: walking the siblings (and every rewrite)
        for each capture made 12,000 ``map`` blocks beside 12,000 ``$name`` uses take 4 s, and
        3,000 rewrites beside 3,000 uses 3.8 s."""
        got = self._rewrites.get(id(node))
        if got is None:
            got = self._rewrites[id(node)] = _RewriteIndex(node)
        return got.before(child, name)

    def _sets(self, name: str, at: Directive) -> list[Directive]:
        node = at.parent
        while node is not None:
            found = [d for d in node.named("set") if len(d.args) >= 2 and d.arg(0) == "$" + name]
            if found:
                return found
            node = node.parent
        return []


#: capture numbers indexed per rewrite (nginx sets $1-$9; a larger number is looked up by a walk)
MAX_GROUP_KEY = 99


class _RewriteIndex:
    """The ``rewrite`` directives of one block: each child's position, and for each capture (a
    number, a group name) the positions and regexes of the rewrites that have it, in order."""

    def __init__(self, node: Directive) -> None:
        self.positions = {id(d): i for i, d in enumerate(node.children)}
        self.size = len(node.children)
        self.rewrites: list[tuple[int, Regex]] = []
        self.by_capture: dict[str, tuple[list[int], list[Regex]]] = {}
        for rw in node.named("rewrite"):
            at = self.positions.get(id(rw))
            rx = parse_regex(rw.arg(0)) if rw.args and at is not None else None
            if rx is None or at is None:
                continue
            self.rewrites.append((at, rx))
            keys = [str(k) for k in range(1, min(rx.groups, MAX_GROUP_KEY) + 1)]
            for key in [*keys, *rx.tree.state.groupdict]:
                where, regexes = self.by_capture.setdefault(key, ([], []))
                where.append(at)
                regexes.append(rx)

    def before(self, child: Directive, name: str) -> Iterator[Regex]:
        limit = self.positions.get(id(child), self.size)
        if name.isdigit() and int(name) > MAX_GROUP_KEY:
            yield from (rx for at, rx in reversed(self.rewrites) if at < limit)
            return
        where, regexes = self.by_capture.get(name, ([], []))
        for j in range(bisect.bisect_left(where, limit) - 1, -1, -1):  # nearest first, as asked for
            yield regexes[j]


def _is_named_candidate(name: str) -> bool:
    return name.isidentifier()


def _group_domain(rx: Regex, name: str, subject: Domain) -> Domain | None:
    n = int(name) if name.isdigit() else rx.tree.state.groupdict.get(name, 0)
    if n <= 0 or n > rx.groups:
        return None
    from deploylint.models.nginx_regex import _all_sets, _find_group, nodes

    body = _find_group(nodes(rx.tree), n, 0)
    if body is None:
        return None
    first = rx.group_first(n) or []
    first_slash = bool(first) and all(not s.any_char and s.named() == {"/"} and not s.negate for s in first)
    return Domain(
        user=subject.controlled,
        sets=tuple(_all_sets(nodes(body))),
        within=subject,
        first_slash=first_slash,
        must_slash=first_slash,
    )


def _union(options: list[Domain]) -> Domain:
    if len(options) == 1:
        return options[0]
    return Domain(
        options=tuple(options),
        first_slash=all(o.first_slash for o in options),
        must_slash=all(o.must_slash for o in options),
    )
