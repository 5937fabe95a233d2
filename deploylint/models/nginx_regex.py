"""Structure of nginx (PCRE) regular expressions, analysed without ever running them.

The pattern is parsed with Python's own regex parser (``re._parser``) after a few PCRE spellings
are translated; nothing is compiled or matched against input, so a hostile pattern cannot make
the linter backtrack. Patterns longer than :data:`MAX_PATTERN` or that do not parse give ``None``
(rules then stay quiet). The analysis is bounded by the size of the parse tree.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

from deploylint.records import record

if TYPE_CHECKING:
    # typeshed knows Python's own regex parser by its old public names
    import sre_constants as _c
    import sre_parse as _p
    from sre_constants import _NamedIntConstant as Op
    from sre_parse import SubPattern
else:
    # the private modules (stable since 3.11) without the deprecated aliases' warning
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")

#: the argument of a parse-tree node: its shape depends on the opcode (a code point, a (min, max,
#: body) triple, a list of branches, a group's (id, flags, flags, body)...), read by index
_Arg: TypeAlias = Any  # Any: one shape per opcode, which the type checker cannot tie to the opcode
#: a parse-tree node: (opcode, argument)
_Node: TypeAlias = "tuple[Op, _Arg]"


def nodes(sub: SubPattern) -> list[_Node]:
    """The nodes of a (sub)pattern, in order."""
    return list(sub.data)


MAX_PATTERN = 2000
_NAMED = re.compile(r"\(\?<(?=[A-Za-z_])")
_NAMED_PY = re.compile(r"\(\?'([A-Za-z_]\w*)'")
MAXREPEAT = _c.MAXREPEAT

# characters tried when deciding whether two character sets overlap
_PROBES = frozenset("aAzZ09_-/.:;?&=%+~ #@!$,'\"()[]{}<>\\|^*\t\n\r\x00\x7f\xe9\u4e2d")


@record
class CharSet:
    """A predicate over characters with the characters it names explicitly."""

    items: tuple[_Node, ...]
    negate: bool = False
    any_char: bool = False  # "." (everything but newline)

    def contains(self, ch: str) -> bool:
        if self.any_char:
            return ch != "\n"
        o = ord(ch)
        hit = False
        for op, av in self.items:
            if op is _c.LITERAL:
                hit = o == av
            elif op is _c.RANGE:
                hit = av[0] <= o <= av[1]
            elif op is _c.CATEGORY:
                hit = _category(av, ch)
            if hit:
                break
        return hit != self.negate

    def named(self) -> set[str]:
        out: set[str] = set()
        for op, av in self.items:
            if op is _c.LITERAL:
                out.add(chr(av))
            elif op is _c.RANGE:
                out.update((chr(av[0]), chr(av[1]), chr((av[0] + av[1]) // 2)))
        return out


def _category(cat: object, ch: str) -> bool:
    name = str(cat)
    if "DIGIT" in name:
        r = ch.isdigit()
    elif "WORD" in name:
        r = ch.isalnum() or ch == "_"
    elif "SPACE" in name:
        r = ch.isspace()
    else:
        return False
    return (not r) if "NOT" in name else r


def overlap(a: CharSet, b: CharSet) -> bool:
    probes = _PROBES | a.named() | b.named()
    return any(a.contains(c) and b.contains(c) for c in probes)


@record
class Regex:
    pattern: str
    tree: SubPattern
    groups: int

    @property
    def redos(self) -> str | None:
        """A short description of a catastrophic-backtracking construct, or None."""
        return _redos_in(nodes(self.tree), 0)

    def group_first(self, n: int) -> list[CharSet] | None:
        """Characters the n-th capture group can start with (None when unknown)."""
        node = _find_group(nodes(self.tree), n, 0)
        if node is None:
            return None
        return _first(nodes(node), 0)[0]


@lru_cache(maxsize=4096)
def parse_regex(pattern: str, *, caseless: bool = False) -> Regex | None:
    """Parse a PCRE pattern as nginx would read it; None if it is too long or not understood."""
    if len(pattern) > MAX_PATTERN or "\\Q" in pattern:
        return None
    text = _NAMED_PY.sub(r"(?P<\1>", _NAMED.sub("(?P<", pattern))
    try:
        tree = _p.parse(text, re.IGNORECASE if caseless else 0)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError, IndexError):
        return None
    return Regex(pattern, tree, tree.state.groups - 1)


# -- tree helpers ------------------------------------------------------------------------------------
def _atom_set(op: Op, av: _Arg) -> CharSet | None:
    if op is _c.LITERAL:
        return CharSet(((op, av),))
    if op is _c.NOT_LITERAL:
        return CharSet(((_c.LITERAL, av),), negate=True)
    if op is _c.ANY:
        return CharSet((), any_char=True)
    if op is _c.IN:
        items = tuple((o, a) for o, a in av if o is not _c.NEGATE)
        return CharSet(items, negate=any(o is _c.NEGATE for o, _ in av))
    if op is _c.CATEGORY:
        return CharSet(((op, av),))
    return None


def _first(seq: list[_Node], depth: int) -> tuple[list[CharSet], bool]:
    """(first-character sets, nullable) of a sequence of nodes."""
    out: list[CharSet] = []
    if depth > 50:
        return [CharSet((), any_char=True)], True
    for op, av in seq:
        sets, nullable = _first_node(op, av, depth + 1)
        out += sets
        if not nullable:
            return out, False
    return out, True


def _first_node(op: Op, av: _Arg, depth: int) -> tuple[list[CharSet], bool]:
    cs = _atom_set(op, av)
    if cs is not None:
        return [cs], False
    if op is _c.SUBPATTERN:
        return _first(list(av[-1]), depth)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        sets, nullable = _first(list(av[2]), depth)
        return sets, nullable or av[0] == 0
    if op is _c.BRANCH:
        out: list[CharSet] = []
        nullable = False
        for branch in av[1]:
            s, n = _first(list(branch), depth)
            out += s
            nullable = nullable or n
        return out, nullable
    if op is _c.ATOMIC_GROUP:
        return _first(list(av), depth)
    return [], True  # anchors, assertions, group references (approximated as empty)


def _all_sets(seq: list[_Node], depth: int = 0) -> list[CharSet]:
    """Every character set a sequence can consume."""
    out: list[CharSet] = []
    if depth > 50:
        return [CharSet((), any_char=True)]
    for op, av in seq:
        cs = _atom_set(op, av)
        if cs is not None:
            out.append(cs)
        elif op is _c.SUBPATTERN:
            out += _all_sets(list(av[-1]), depth + 1)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            out += _all_sets(list(av[2]), depth + 1)
        elif op is _c.BRANCH:
            for b in av[1]:
                out += _all_sets(list(b), depth + 1)
    return out


def _unbounded(op: Op, av: _Arg) -> bool:
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[1] == MAXREPEAT


def _sets_overlap(a: list[CharSet], b: list[CharSet]) -> bool:
    return any(overlap(x, y) for x in a for y in b)


def _redos_in(seq: list[_Node], depth: int) -> str | None:
    if depth > 50:
        return None
    prev: list[CharSet] | None = None  # consumable sets of the last unbounded repeat in this sequence
    for op, av in seq:
        if _unbounded(op, av):
            body = list(av[2])
            consumed = _all_sets(body)
            if prev is not None and _sets_overlap(prev, consumed):
                return "adjacent quantifiers match the same characters"
            found = _ambiguous_body(body)
            if found:
                return found
            inner = _redos_in(body, depth + 1)
            if inner:
                return inner
            prev = consumed
            continue
        if op is _c.SUBPATTERN:
            inner = _redos_in(list(av[-1]), depth + 1)
            if inner:
                return inner
            _, nullable = _first(list(av[-1]), depth)
            if not nullable:
                prev = None
            continue
        if op is _c.BRANCH:
            for b in av[1]:
                inner = _redos_in(list(b), depth + 1)
                if inner:
                    return inner
            prev = None
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] == 0:
            continue  # optional: no boundary
        if _atom_set(op, av) is not None:
            prev = None  # a mandatory character between two repeats bounds the backtracking
    return None


def _ambiguous_body(body: list[_Node]) -> str | None:
    """Is the body of an unbounded repeat matchable in several ways per repetition?"""
    # a body that is (or wraps) a single alternation with overlapping branches
    core = body
    while len(core) == 1 and core[0][0] is _c.SUBPATTERN:
        core = list(core[0][1][-1])
    for op, av in core:  # "a|ab" arrives factored as "a(?:|b)": an empty branch beside a real one
        if op is _c.BRANCH and any(not b for b in av[1]) and any(b for b in av[1]):
            return "alternatives inside a repeated group overlap"
    if len(core) == 1 and core[0][0] is _c.BRANCH:
        firsts = [_first(list(b), 0)[0] for b in core[0][1][1]]
        for i in range(len(firsts)):
            for j in range(i + 1, len(firsts)):
                if _sets_overlap(firsts[i], firsts[j]):
                    return "alternatives inside a repeated group overlap"
    # a nested unbounded repeat with no mandatory separator it cannot consume
    inner = _inner_unbounded(core)
    if inner is None:
        return None
    inner_sets = _all_sets(list(inner[1][2]))
    for op, av in core:
        if (op, av) == inner:
            continue
        cs = _atom_set(op, av)
        if cs is not None and not any(overlap(cs, s) for s in inner_sets):
            return None  # a separator the inner repeat cannot eat
        if op is _c.SUBPATTERN or op is _c.BRANCH:
            sets, nullable = _first_node(op, av, 0)
            if not nullable and not _sets_overlap(sets, inner_sets):
                return None
    return "nested quantifiers can match the same text in many ways"


def _inner_unbounded(core: list[_Node]) -> _Node | None:
    for op, av in core:
        if _unbounded(op, av):
            return (op, av)
        if op is _c.SUBPATTERN:
            sub = list(av[-1])
            found = _inner_unbounded(sub)
            if found is not None and len(sub) == 1:
                return found
            if found is not None:
                return found
    return None


def _find_group(seq: list[_Node], n: int, depth: int) -> SubPattern | None:
    if depth > 50:
        return None
    for op, av in seq:
        if op is _c.SUBPATTERN:
            if av[0] == n:
                body: SubPattern = av[-1]
                return body
            hit = _find_group(list(av[-1]), n, depth + 1)
            if hit is not None:
                return hit
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            hit = _find_group(list(av[2]), n, depth + 1)
            if hit is not None:
                return hit
        elif op is _c.BRANCH:
            for b in av[1]:
                hit = _find_group(list(b), n, depth + 1)
                if hit is not None:
                    return hit
    return None


def char_before_group(pattern: str, n: int) -> str:
    """The pattern character just before the opening parenthesis of capture group ``n``."""
    count = 0
    i = 0
    in_class = False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif _opens_group(pattern, i):
            count += 1
            if count == n:
                return pattern[i - 1] if i > 0 else ""
        i += 1
    return ""


def _opens_group(pattern: str, i: int) -> bool:
    if pattern[i] != "(":
        return False
    if not pattern.startswith("(?", i):
        return True
    return pattern.startswith(("(?P<", "(?<"), i) and not pattern.startswith(("(?<=", "(?<!"), i)


CAPTURE_REF = re.compile(r"\$(\d)|\$\{(\d)\}")


def capture_refs(text: str) -> set[int]:
    return {int(m.group(1) or m.group(2)) for m in CAPTURE_REF.finditer(text)}


#: stands for "any character the attacker likes" in generated samples
FREE = "`"


def samples(regex: Regex, limit: int = 48) -> list[str]:
    """A bounded set of strings the regex matches, with ``^``/``$`` kept where the pattern is
    anchored and :data:`FREE` wherever a class would accept any character. Used to reason about
    what a pattern lets through; the regex itself is never executed."""
    out = _gen(nodes(regex.tree), limit, 0)
    return out[:limit]


def _gen(seq: list[_Node], limit: int, depth: int) -> list[str]:
    results = [""]
    if depth > 30:
        return results
    for op, av in seq:
        options = _gen_node(op, av, limit, depth + 1)
        if not options:
            return []
        results = [r + o for r in results for o in options][:limit]
    return results


def _gen_node(op: Op, av: _Arg, limit: int, depth: int) -> list[str]:
    cs = _atom_set(op, av)
    if cs is not None:
        if op is _c.LITERAL:
            return [chr(av)]
        if cs.contains(FREE):
            return [FREE]
        for ch in "a0-._:/":
            if cs.contains(ch):
                return [ch]
        named = sorted(cs.named())
        return [named[0]] if named else []
    if op is _c.AT:
        name = str(av)
        if "BEGINNING" in name:
            return ["^"]
        if "END" in name:
            return ["$"]
        return [""]
    if op is _c.SUBPATTERN:
        return _gen(list(av[-1]), limit, depth)
    if op is _c.ATOMIC_GROUP:
        return _gen(list(av), limit, depth)
    if op is _c.BRANCH:
        out: list[str] = []
        for b in av[1]:
            out += _gen(list(b), limit, depth)
        return out[:limit]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        lo, hi = av[0], av[1]
        body = _gen(list(av[2]), limit, depth)
        counts = sorted({lo, min(lo + 1, hi)})
        out = []
        for n in counts:
            reps = [""]
            for _ in range(min(n, 3)):
                reps = [r + b for r in reps for b in body][:limit]
            out += reps
        return out[:limit]
    return [""]  # assertions and group references: approximated as empty
