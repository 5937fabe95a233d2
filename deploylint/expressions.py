"""GitHub Actions ``${{ ... }}`` expressions: finding them in strings, parsing them, and knowing
which contexts an expression lets flow into its output.

Offsets in the AST are offsets into the *string value* the expression was found in (the decoded
YAML scalar). A :class:`deploylint.models.workflow.Str` maps them back to exact source positions,
so a context inside a folded or literal block scalar is reported at its own line and column.

The parser never raises: a malformed expression gives an :class:`Expr` whose ``error`` says why
(and whose ``node`` holds whatever parsed before the problem).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

from deploylint.records import record

__all__ = [
    "Binary",
    "Call",
    "Ctx",
    "Expr",
    "Index",
    "Lit",
    "Node",
    "Prop",
    "Star",
    "Unary",
    "attacker_controlled",
    "find_expressions",
    "flowing",
    "is_safe",
    "parse_expression",
    "refs",
]


# --------------------------------------------------------------------------------------- AST
@record
class Node:
    start: int
    end: int


@record
class Lit(Node):
    value: str | float | bool | None
    kind: str  # "null" | "bool" | "number" | "string"


@record
class Ctx(Node):
    """A bare identifier: the root of a context reference (``github``, ``env``...)."""

    name: str


@record
class Prop(Node):
    """``base.name`` or ``base['name']`` (a string-literal index)."""

    base: Node
    name: str


@record
class Star(Node):
    """An object filter ``base.*`` or ``base[*]``."""

    base: Node


@record
class Index(Node):
    """``base[expr]`` with a computed index."""

    base: Node
    index: Node


@record
class Call(Node):
    name: str
    args: tuple[Node, ...]

    @property
    def lname(self) -> str:
        return self.name.lower()


@record
class Unary(Node):
    op: str
    operand: Node


@record
class Binary(Node):
    op: str
    left: Node
    right: Node


@record
class Expr:
    """One ``${{ ... }}`` occurrence inside a string.

    ``start``/``end`` cover the whole ``${{ ... }}``; ``body_start``/``body_end`` the text inside.
    """

    start: int
    end: int
    body_start: int
    body_end: int
    body: str
    node: Node | None
    error: str | None = None
    error_at: int = -1

    @property
    def text(self) -> str:
        return self.body.strip()


# ------------------------------------------------------------------------------------ lexing
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>0x[0-9a-fA-F]+|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>'(?:[^']|'')*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
  | (?P<op>==|!=|<=|>=|&&|\|\||[<>!().\[\],*])
    """,
    re.VERBOSE,
)

FUNCTIONS = {
    "contains": (2, 2),
    "startswith": (2, 2),
    "endswith": (2, 2),
    "format": (1, 999),
    "join": (1, 2),
    "tojson": (1, 1),
    "fromjson": (1, 1),
    "hashfiles": (1, 999),
    "success": (0, 0),
    "always": (0, 0),
    "cancelled": (0, 0),
    "failure": (0, 0),
    "case": (3, 999),
}

CONTEXTS = frozenset(
    {"github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy", "matrix", "needs", "inputs"}
)


class _ParseError(Exception):
    def __init__(self, message: str, at: int) -> None:
        super().__init__(message)
        self.at = at


@record(frozen=False)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _lex(body: str, base: int) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    n = len(body)
    while pos < n:
        m = _TOKEN.match(body, pos)
        if m is None:
            ch = body[pos]
            hint = " (string literals use single quotes)" if ch == '"' else ""
            raise _ParseError(f"unexpected character {ch!r} in expression{hint}", base + pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            toks.append(_Tok(kind, m.group(), base + m.start(), base + m.end()))
        pos = m.end()
    toks.append(_Tok("eof", "", base + n, base + n))
    return toks


#: tokens one expression may have: real ones have a few dozen; the tree's depth follows the count
MAX_EXPRESSION_TOKENS = 500


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def expect(self, text: str) -> _Tok:
        t = self.peek()
        if t.text != text or t.kind == "str":
            got = "end of expression" if t.kind == "eof" else repr(t.text)
            raise _ParseError(f"expected {text!r} but found {got}", t.start)
        return self.take()

    def parse(self) -> Node:
        node = self.or_()
        t = self.peek()
        if t.kind != "eof":
            raise _ParseError(f"unexpected {t.text!r} after the end of the expression", t.start)
        return node

    def _level(self, ops: tuple[str, ...], sub: Callable[[], Node]) -> Node:
        left = sub()
        toks = self.toks
        while True:
            t = toks[self.i]
            if t.kind != "op" or t.text not in ops:
                return left
            self.i += 1
            right = sub()
            left = Binary(left.start, right.end, t.text, left, right)

    def or_(self) -> Node:
        self.depth += 1
        if self.depth > 200:
            raise _ParseError("expression nests too deeply", self.peek().start)
        try:
            return self._level(("||",), self.and_)
        finally:
            self.depth -= 1

    def and_(self) -> Node:
        return self._level(("&&",), self.eq)

    def eq(self) -> Node:
        return self._level(("==", "!="), self.cmp)

    def cmp(self) -> Node:
        return self._level(("<", "<=", ">", ">="), self.unary)

    def unary(self) -> Node:
        t = self.peek()
        if t.kind == "op" and t.text == "!":
            self.take()
            self.depth += 1
            if self.depth > 200:
                raise _ParseError("expression nests too deeply", t.start)
            operand = self.unary()
            self.depth -= 1
            return Unary(t.start, operand.end, "!", operand)
        return self.postfix(self.primary())

    def primary(self) -> Node:
        t = self.take()
        if t.kind == "num":
            try:
                value = float(int(t.text, 16)) if t.text.lower().startswith("0x") else float(t.text)
            except ValueError:
                raise _ParseError(f"invalid number {t.text!r}", t.start) from None
            return Lit(t.start, t.end, value, "number")
        if t.kind == "str":
            return Lit(t.start, t.end, t.text[1:-1].replace("''", "'"), "string")
        if t.kind == "ident":
            low = t.text.lower()
            if low in ("true", "false"):
                return Lit(t.start, t.end, low == "true", "bool")
            if low == "null":
                return Lit(t.start, t.end, None, "null")
            if self.peek().text == "(" and self.peek().kind == "op":
                self.take()
                args: list[Node] = []
                if self.peek().text != ")":
                    args.append(self.or_())
                    while self.peek().text == ",":
                        self.take()
                        args.append(self.or_())
                end = self.expect(")").end
                return Call(t.start, end, t.text, tuple(args))
            return Ctx(t.start, t.end, t.text)
        if t.kind == "op" and t.text == "(":
            inner = self.or_()
            self.expect(")")
            return inner
        got = "end of expression" if t.kind == "eof" else repr(t.text)
        raise _ParseError(f"unexpected {got}", t.start)

    def postfix(self, node: Node) -> Node:
        while True:
            t = self.peek()
            if t.kind != "op":
                return node
            if t.text == ".":
                self.take()
                nt = self.take()
                if nt.kind == "op" and nt.text == "*":
                    node = Star(node.start, nt.end, node)
                elif nt.kind == "ident":
                    node = Prop(node.start, nt.end, node, nt.text)
                else:
                    got = "end of expression" if nt.kind == "eof" else repr(nt.text)
                    raise _ParseError(f"expected a property name or '*' after '.', found {got}", nt.start)
            elif t.text == "[":
                self.take()
                nt = self.peek()
                if nt.kind == "op" and nt.text == "*":
                    self.take()
                    end = self.expect("]").end
                    node = Star(node.start, end, node)
                else:
                    idx = self.or_()
                    end = self.expect("]").end
                    if isinstance(idx, Lit) and idx.kind == "string":
                        node = Prop(node.start, end, node, str(idx.value))
                    else:
                        node = Index(node.start, end, node, idx)
            else:
                return node


def parse_expression(body: str, base: int = 0) -> tuple[Node | None, str | None, int]:
    """Parse the text inside ``${{ }}``: (node, error message, error offset)."""
    try:
        toks = _lex(body, base)
        if toks[0].kind == "eof":
            return None, "empty expression", base
        if len(toks) > MAX_EXPRESSION_TOKENS:  # long operator chains make deep trees
            return None, f"expression is too long (more than {MAX_EXPRESSION_TOKENS} tokens)", base
        return _Parser(toks).parse(), None, -1
    except _ParseError as exc:
        return None, str(exc), exc.at
    except RecursionError:
        return None, "expression nests too deeply", base


def find_expressions(text: str) -> list[Expr]:
    """Every ``${{ ... }}`` in ``text`` (an unterminated one gives an Expr with an error)."""
    out: list[Expr] = []
    pos = text.find("${{")
    while pos >= 0:
        body_start = pos + 3
        close = _closing(text, body_start)
        if close < 0:
            body = text[body_start:]
            out.append(Expr(pos, len(text), body_start, len(text), body, None, "'${{' is never closed by '}}'", pos))
            break
        body = text[body_start:close]
        node, err, at = parse_expression(body, body_start)
        out.append(Expr(pos, close + 2, body_start, close, body, node, err, at))
        pos = text.find("${{", close + 2)
    return out


def _closing(text: str, start: int) -> int:
    """Offset of the ``}}`` closing an expression body, skipping string literals."""
    i = start
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            j = i + 1
            while j < n:
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            continue
        if ch == "}" and text.startswith("}}", i):
            return i
        i += 1
    return -1


# ------------------------------------------------------------------------------- analysis
Path = tuple[str, ...]


def path_of(node: Node) -> Path | None:
    """``('github', 'event', 'issue', 'title')`` for a context reference chain; ``*`` marks an
    object filter and ``[]`` a computed index. None when the chain does not start at a context."""
    parts: list[str] = []
    cur = node
    while True:
        if isinstance(cur, Prop):
            parts.append(cur.name.lower())
            cur = cur.base
        elif isinstance(cur, Star):
            parts.append("*")
            cur = cur.base
        elif isinstance(cur, Index):
            parts.append("[]")
            cur = cur.base
        elif isinstance(cur, Ctx):
            parts.append(cur.name.lower())
            return tuple(reversed(parts))
        else:
            return None


def literal_comparison(node: Binary) -> tuple[Path, Lit] | None:
    """``<context reference> <op> <literal>``, in either order: the reference's path and the
    literal; None when the comparison is not of that shape."""
    for ref, lit in ((node.left, node.right), (node.right, node.left)):
        if isinstance(lit, Lit):
            path = path_of(ref)
            if path is not None:
                return path, lit
    return None


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Prop, Star)):
        return (node.base,)
    if isinstance(node, Index):
        return (node.base, node.index)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def refs(node: Node) -> Iterator[tuple[Path, Node]]:
    """Every maximal context reference in ``node`` (and in computed indexes inside it)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (Ctx, Prop, Star, Index)):
            p = path_of(n)
            if p is not None:
                yield p, n
                # computed indexes may reference contexts themselves
                cur: Node = n
                while isinstance(cur, (Prop, Star, Index)):
                    if isinstance(cur, Index):
                        stack.append(cur.index)
                    cur = cur.base
                continue
        stack.extend(reversed(children(n)))


_BOOLEAN_FUNCS = frozenset({"contains", "startswith", "endswith", "success", "always", "cancelled", "failure"})


def flowing(node: Node) -> Iterator[tuple[Path, Node]]:
    """Context references whose *value* can reach the expression's result.

    Comparisons, ``!`` and boolean functions (``contains``, ``startsWith``...) yield booleans, so
    the contexts inside them do not flow. ``a && b`` yields ``b`` (or a falsy ``a``); ``a || b``
    either. ``format``/``join``/``toJSON``/``fromJSON`` pass their arguments through.
    """
    if isinstance(node, (Ctx, Prop, Star, Index)):
        p = path_of(node)
        if p is not None:
            yield p, node
            return
        # e.g. fromJSON(x).field: the base's contexts flow
        if isinstance(node, (Prop, Star, Index)):
            yield from flowing(node.base)
        return
    if isinstance(node, Binary):
        if node.op in ("&&", "||"):
            yield from flowing(node.left)
            yield from flowing(node.right)
        return
    if isinstance(node, Call):
        if node.lname in _BOOLEAN_FUNCS or node.lname == "hashfiles":
            return
        if node.lname == "case":
            # case(pred, value, pred, value, ..., default): only values flow
            for i, arg in enumerate(node.args):
                if i % 2 == 1 or i == len(node.args) - 1:
                    yield from flowing(arg)
            return
        for arg in node.args:
            yield from flowing(arg)
        return
    # literals, unary ! : nothing flows


# ----------------------------------------------------------------------- context taint
# Fields an outsider can write freely (opening an issue or a pull request, pushing a branch,
# commenting). Matched against the path after ``github.event``; ``*`` matches one segment.
_ATTACKER_EVENT = [
    ("issue", "title"),
    ("issue", "body"),
    ("pull_request", "title"),
    ("pull_request", "body"),
    ("pull_request", "head", "ref"),
    ("pull_request", "head", "label"),
    ("pull_request", "head", "repo", "default_branch"),
    ("pull_request", "head", "repo", "description"),
    ("pull_request", "head", "repo", "homepage"),
    ("comment", "body"),
    ("review", "body"),
    ("review_comment", "body"),
    ("discussion", "title"),
    ("discussion", "body"),
    ("pages", "*", "page_name"),
    ("commits", "*", "message"),
    ("commits", "*", "author", "email"),
    ("commits", "*", "author", "name"),
    ("commits", "*", "committer", "email"),
    ("commits", "*", "committer", "name"),
    ("head_commit", "message"),
    ("head_commit", "author", "email"),
    ("head_commit", "author", "name"),
    ("head_commit", "committer", "email"),
    ("head_commit", "committer", "name"),
    ("workflow_run", "head_branch"),
    ("workflow_run", "display_title"),
    ("workflow_run", "head_commit", "message"),
    ("workflow_run", "head_commit", "author", "email"),
    ("workflow_run", "head_commit", "author", "name"),
    ("workflow_run", "head_commit", "committer", "email"),
    ("workflow_run", "head_commit", "committer", "name"),
    ("workflow_run", "head_repository", "description"),
    ("workflow_run", "pull_requests", "*", "head", "ref"),
    ("check_suite", "head_branch"),
    ("check_run", "check_suite", "head_branch"),
    ("merge_group", "head_commit", "message"),
    ("merge_group", "head_commit", "author", "email"),
    ("merge_group", "head_commit", "author", "name"),
]
_ATTACKER_LEAF = frozenset({"title", "body", "message", "page_name", "head_branch", "display_title"})


def _match(pattern: tuple[str, ...], path: Path) -> bool:
    if len(path) < len(pattern):
        return False
    for want, got in zip(pattern, path, strict=False):
        if want != "*" and got not in (want, "*", "[]"):
            return False
    return len(path) == len(pattern)


def attacker_controlled(path: Path) -> bool:
    """True for contexts an outside contributor can fill with arbitrary text."""
    if not path or path[0] != "github":
        return False
    if path[1:] == ("head_ref",):
        return True
    if len(path) < 3 or path[1] != "event":
        return False
    rest = path[2:]
    if any(_match(p, rest) for p in _ATTACKER_EVENT):
        return True
    # object filters such as github.event.*.body or github.event.commits.*.message
    return "*" in rest and rest[-1] in _ATTACKER_LEAF


# Contexts whose values cannot carry shell syntax: an allow-list that grew from zizmor's
# template-injection false-positive reports (github.sha, *.sha, steps.*.outcome, numbers...).
_SAFE_GITHUB = frozenset(
    {
        "sha",
        "run_id",
        "run_number",
        "run_attempt",
        "job",
        "workflow",
        "workflow_ref",
        "workflow_sha",
        "action",
        "action_path",
        "action_ref",
        "action_repository",
        "action_status",
        "repository",
        "repository_id",
        "repository_owner",
        "repository_owner_id",
        "repositoryurl",
        "server_url",
        "api_url",
        "graphql_url",
        "event_name",
        "ref",
        "ref_name",
        "ref_type",
        "ref_protected",
        "base_ref",
        "workspace",
        "retention_days",
        "token",
        "secret_source",
        "actor_id",
        "triggering_actor",
        "actor",
        "path",
        "env",
        "output",
        "state",
        "step_summary",
        "run_url",
    }
)
_SAFE_LEAF = frozenset(
    {
        "sha",
        "number",
        "id",
        "node_id",
        "run_id",
        "run_number",
        "run_attempt",
        "html_url",
        "url",
        "fork",
        "draft",
        "merged",
        "state",
        "created_at",
        "updated_at",
        "closed_at",
        "merged_at",
        "additions",
        "deletions",
        "changed_files",
        "commits",
        "comments",
        "size",
        "private",
        "conclusion",
        "outcome",
        "result",
        "status",
        "before",
        "after",
        "forced",
        "created",
        "deleted",
        "head_sha",
        "base_sha",
        "merge_commit_sha",
        "event",
        "action",
        "workflow_id",
        "check_suite_id",
        "installation_id",
        "author_association",
        "visibility",
        "default_branch",
        "full_name",
        "login",
        "type",
    }
)


def is_safe(path: Path) -> bool:
    """True for contexts whose values are fixed-format (SHAs, ids, numbers, statuses...)."""
    if not path:
        return False
    root = path[0]
    if root in ("runner", "strategy", "job"):
        return True
    if root == "steps" and len(path) == 3 and path[2] in ("outcome", "conclusion"):
        return True
    if root == "needs" and len(path) == 3 and path[2] == "result":
        return True
    if root == "github":
        if len(path) == 1:
            return False
        if len(path) == 2:
            return path[1] in _SAFE_GITHUB
        if path[1] == "event" and not attacker_controlled(path):
            leaf = path[-1]
            if leaf in _SAFE_LEAF:
                return True
            # repository/organization/sender metadata is set by the repository's owners
            if len(path) >= 3 and path[2] in ("repository", "organization", "sender", "installation", "enterprise"):
                return True
            if path[2:] in (("pull_request", "base", "ref"), ("pull_request", "base", "label")):
                return True
        return False
    return False


# ------------------------------------------------------------------------- constant values
#: the value of an expression that needs no context: a literal, or pure functions and operators
#: over literals; :data:`UNKNOWN` when a context, a status function or an unsupported form
#: decides it
UNKNOWN = object()


def truthy(value: object) -> bool:
    """GitHub's truthiness: null, false, 0, NaN and '' are falsy; everything else (arrays and
    objects included) is truthy."""
    if value is None or value is False:
        return False
    if isinstance(value, float):
        return not math.isnan(value) and value != 0.0
    if isinstance(value, int) and not isinstance(value, bool):
        return value != 0
    return value != ""


def constant_value(node: Node) -> object:
    """The value ``node`` always has (strings, numbers as floats, booleans, None, and what
    ``fromJSON`` decodes), or :data:`UNKNOWN`. ``a && b`` gives ``a`` when it is falsy, else
    ``b``; ``a || b`` the reverse, as GitHub evaluates them."""
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Unary):
        inner = constant_value(node.operand)
        return UNKNOWN if inner is UNKNOWN else not truthy(inner)
    if isinstance(node, Binary) and node.op in ("&&", "||"):
        left = constant_value(node.left)
        if left is UNKNOWN:
            return UNKNOWN
        if truthy(left) == (node.op == "||"):
            return left
        return constant_value(node.right)
    if isinstance(node, Binary) and node.op in ("==", "!="):
        left, right = constant_value(node.left), constant_value(node.right)
        if left is UNKNOWN or right is UNKNOWN or type(left) is not type(right) or isinstance(left, (dict, list)):
            return UNKNOWN
        same = left.lower() == right.lower() if isinstance(left, str) and isinstance(right, str) else left == right
        return same == (node.op == "==")
    if isinstance(node, Call):
        return _constant_call(node)
    return UNKNOWN


def _constant_call(node: Call) -> object:
    name = node.lname
    if name not in ("format", "fromjson", "case"):
        return UNKNOWN
    args = [constant_value(a) for a in node.args]
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    if name == "fromjson" and len(args) == 1 and isinstance(args[0], str):
        import json

        try:
            decoded: object = json.loads(args[0])
        except ValueError:
            return UNKNOWN
        return float(decoded) if isinstance(decoded, int) and not isinstance(decoded, bool) else decoded
    if name == "format" and args and isinstance(args[0], str):
        shown = [_as_text(a) for a in args[1:]]
        return _FORMAT_ITEM.sub(lambda m: _format_item(m, shown), args[0])
    if name == "case" and len(args) >= 3 and len(args) % 2 == 1:
        for k in range(0, len(args) - 1, 2):
            if truthy(args[k]):
                return args[k + 1]
        return args[-1]
    return UNKNOWN


_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)\}")


def _format_item(m: re.Match[str], shown: list[str]) -> str:
    if m[1] is None:
        return m[0][0]  # `{{` and `}}` are escaped braces
    k = int(m[1])
    return shown[k] if k < len(shown) else m[0]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
