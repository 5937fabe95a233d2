"""The nginx configuration model.

The parser builds one tree of :class:`Directive` nodes per scanned file, with ``include``
directives followed: an include node keeps its own position and carries the directives of the
files it pulled in (each with its own ``source``). ``Directive.children`` is the expanded view that
rules use, so a header set in ``snippets/security.conf`` counts where the snippet is included.

Typed views (:class:`Server`, :class:`Location`, :class:`Upstream`, :class:`MapBlock`,
:class:`IfBlock`) wrap nodes and compute derived facts once (listen sockets, server names,
effective headers with nginx's real inheritance rule). Nodes are frozen; the parser links
``parent``/``block``/``included`` once while it builds the tree and never afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING

from deploylint.records import record
from deploylint.source import SourceFile, Span

if TYPE_CHECKING:
    from deploylint.models.nginx_vars import Variables
    from deploylint.profiles import Profile

_LOOPBACK_PREFIXES = ("127.", "localhost", "[::1]", "unix:")

#: directives whose values form a list that a level inherits only when it defines none itself
ARRAY_DIRECTIVES = frozenset(
    {
        "add_header",
        "add_trailer",
        "proxy_set_header",
        "proxy_hide_header",
        "proxy_pass_header",
        "fastcgi_param",
        "fastcgi_hide_header",
        "fastcgi_pass_header",
        "uwsgi_param",
        "uwsgi_hide_header",
        "scgi_param",
        "scgi_hide_header",
        "grpc_set_header",
        "grpc_hide_header",
        "error_page",
    }
)

#: blocks whose bodies hold data (keys and values), not directives
DATA_BLOCKS = frozenset({"map", "geo", "types", "split_clients", "charset_map", "match"})

#: blocks that form a configuration level for inheritance
LEVEL_BLOCKS = frozenset({"http", "server", "location", "if", "limit_except"})


@record
class Arg:
    """One argument. ``value`` follows crossplane: quotes removed, ``\\"`` inside double quotes
    unescaped, other backslash escapes kept as written."""

    value: str
    span: Span
    quoted: bool = False

    def __str__(self) -> str:
        return self.value


class _DirectiveMemo:
    """What a :class:`Directive` (or the views on it) computes once, each starts as None (not yet
    computed). A plain class: a fact is set when first asked for, and one not yet set reads as the
    class's None."""

    children: tuple[Directive, ...] | None = None
    by_name: dict[str, tuple[Directive, ...]] | None = None
    #: effective(name) by name
    effective: dict[str, Directive | None] | None = None
    #: effective_array(name) by name
    arrays: dict[str, tuple[Directive, ...]] | None = None
    headers: tuple[Header, ...] | None = None
    unfollowed_include: bool | None = None
    proxy_headers: dict[str, Directive] | None = None
    #: on a tree's top node: forwarded_scheme_vars of the tree
    forwarded_scheme_vars: frozenset[str] | None = None
    #: on a server block: Server.listens, and Server.behind_proxy (in a 1-tuple, as it may be None)
    listens: tuple[Listen, ...] | None = None
    behind_proxy: tuple[Directive | None] | None = None


class _ConfigMemo:
    """What an :class:`NginxConfig` computes once (None: not yet computed)."""

    index: dict[str, list[Directive]] | None = None
    everything: list[Directive] | None = None
    servers: list[Server] | None = None
    regexes: list[RegexUse] | None = None
    variables: Variables | None = None


@record(eq=False)
class Directive:
    """A statement ``name args... ;`` or a block ``name args... { ... }``."""

    name: str
    args: tuple[Arg, ...]
    span: Span  # from the name to the ';' or the closing '}'
    name_span: Span
    source: SourceFile
    block: tuple[Directive, ...] | None = None  # this file's children (includes not expanded)
    parent: Directive | None = field(default=None, repr=False)
    included: tuple[Directive, ...] = field(default=(), repr=False)  # for include: what it pulled in
    include_files: tuple[SourceFile, ...] = field(default=(), repr=False)
    _memo: _DirectiveMemo = field(default_factory=_DirectiveMemo, repr=False, compare=False)

    # -- plain access -------------------------------------------------------------------------
    @property
    def values(self) -> tuple[str, ...]:
        return tuple(a.value for a in self.args)

    def arg(self, i: int, default: str = "") -> str:
        return self.args[i].value if -len(self.args) <= i < len(self.args) else default

    @property
    def is_block(self) -> bool:
        return self.block is not None

    @property
    def children(self) -> tuple[Directive, ...]:
        """Direct children with includes expanded in place (the include node stays, followed by
        the directives it pulled in)."""
        got = self._memo.children
        if got is None:
            out: list[Directive] = []
            for d in self.block or ():
                out.append(d)
                if d.included:
                    out.extend(_expand(d.included))
            got = self._memo.children = tuple(out)
        return got

    def named(self, name: str) -> tuple[Directive, ...]:
        """Direct children (includes expanded) with this name (indexed once per node)."""
        index = self._memo.by_name
        if index is None:
            lists: dict[str, list[Directive]] = {}
            for d in self.children:
                lists.setdefault(d.name, []).append(d)
            index = self._memo.by_name = {k: tuple(v) for k, v in lists.items()}
        return index.get(name, ())

    def find(self, *names: str) -> list[Directive]:
        """Direct children (includes expanded) with one of these names."""
        if len(names) == 1:
            return list(self.named(names[0]))
        return [d for d in self.children if d.name in names]

    def first(self, name: str) -> Directive | None:
        got = self.named(name)
        return got[0] if got else None

    def walk(self) -> Iterator[Directive]:
        """Every descendant, depth first, includes expanded."""
        stack = [iter(self.children)]  # iterative: nesting through includes must not hit the recursion limit
        while stack:
            d = next(stack[-1], None)
            if d is None:
                stack.pop()
                continue
            yield d
            if d.block is not None or d.included:
                stack.append(iter(d.children))

    def ancestors(self) -> Iterator[Directive]:
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def enclosing(self, *names: str) -> Directive | None:
        for p in self.ancestors():
            if p.name in names:
                return p
        return None

    @property
    def level(self) -> Directive | None:
        """The configuration level (http/server/location/if/root) this directive belongs to."""
        for p in self.ancestors():
            if p.name in LEVEL_BLOCKS or p.parent is None:
                return p
        return None

    # -- inheritance ----------------------------------------------------------------------------
    def effective(self, name: str) -> Directive | None:
        """The nearest definition of a single-valued directive, from this level outwards."""
        memo = self._memo.effective
        if memo is None:
            memo = self._memo.effective = {}
        elif name in memo:
            return memo[name]
        node: Directive | None = self if self.block is not None else self.level
        found: Directive | None = None
        while node is not None:
            hit = node.named(name)
            if hit:
                found = hit[-1]
                break
            node = _parent_level(node)
        memo[name] = found
        return found

    def effective_array(self, name: str) -> tuple[Directive, ...]:
        """Array-like directives in effect at this level: the nearest level that defines any of
        them wins as a whole (nginx does not merge them with the parent's), unless
        ``add_header_inherit merge`` / ``add_trailer_inherit`` (nginx 1.29.3) says otherwise."""
        memo = self._memo.arrays
        if memo is None:
            memo = self._memo.arrays = {}
        got = memo.get(name)
        if got is None:
            node: Directive | None = self if self.block is not None else self.level
            got = ()
            if node is not None:
                own = node.named(name)
                mode = node.inherit_mode(name)
                parent = _parent_level(node)
                if own:
                    got = own + (parent.effective_array(name) if mode == "merge" and parent is not None else ())
                elif mode != "off" and parent is not None:
                    got = parent.effective_array(name)
            memo[name] = got
        return got

    def inherit_mode(self, name: str) -> str:
        """``on`` (replace), ``off`` or ``merge`` for add_header/add_trailer at this level."""
        if name not in ("add_header", "add_trailer"):
            return "on"
        d = self.effective(name + "_inherit")
        return d.arg(0, "on") if d is not None else "on"

    @property
    def headers(self) -> tuple[Header, ...]:
        """Effective ``add_header`` headers at this level."""
        got = self._memo.headers
        if got is None:
            got = tuple(Header.of(d) for d in self.effective_array("add_header") if d.args)
            got += tuple(h for d in self.effective_array("more_set_headers") for h in Header.more(d))
            self._memo.headers = got
        return got

    def header(self, name: str) -> Header | None:
        low = name.lower()
        for h in self.headers:
            if h.name.lower() == low:
                return h
        return None

    @property
    def security_headers_module(self) -> bool:
        """``security_headers on`` (the nginx security-headers module) is in effect here."""
        d = self.effective("security_headers")
        return d is not None and d.arg(0) == "on"

    @property
    def opaque(self) -> bool:
        """This level or one it inherits from has an include we could not follow, so what is in
        effect here is not fully known."""
        node: Directive | None = self if self.block is not None else self.level
        while node is not None:
            if node._unfollowed_include:
                return True
            node = _parent_level(node)
        return False

    @property
    def _unfollowed_include(self) -> bool:
        """One of this block's children is an include we could not follow (once per block: every
        directive below asks, and a scan of a big ``http`` block per server was quadratic)."""
        got = self._memo.unfollowed_include
        if got is None:
            got = self._memo.unfollowed_include = any(
                d.name == "include" and not d.include_files for d in self.children
            )
        return got

    @property
    def proxy_headers(self) -> dict[str, Directive]:
        """Effective ``proxy_set_header`` by lower-cased header name."""
        got = self._memo.proxy_headers
        if got is None:
            got = {}
            for d in self.effective_array("proxy_set_header"):
                if d.args:
                    got[d.args[0].value.lower()] = d
            self._memo.proxy_headers = got
        return got


def _expand(nodes: tuple[Directive, ...]) -> Iterator[Directive]:
    for d in nodes:
        yield d
        if d.included:
            yield from _expand(d.included)


def _parent_level(node: Directive) -> Directive | None:
    return node.level


@record
class Header:
    name: str
    value: str
    always: bool
    node: Directive

    @classmethod
    def of(cls, d: Directive) -> Header:
        always = len(d.args) > 2 and d.args[-1].value.lower() == "always"
        return cls(d.arg(0), d.arg(1), always, d)

    @classmethod
    def more(cls, d: Directive) -> Iterator[Header]:
        """Headers of a headers-more ``more_set_headers [-s status] [-t type] 'Name: value'``."""
        skip = False
        for a in d.args:
            if skip:
                skip = False
                continue
            if a.value in ("-s", "-t"):
                skip = True
                continue
            name, _, value = a.value.partition(":")
            if name.strip():
                yield cls(name.strip(), value.strip(), True, d)

    @property
    def span(self) -> Span:
        return self.node.span

    def params(self) -> tuple[HeaderParam, ...]:
        """The value's ``;``-separated parameters (``max-age=300; includeSubDomains``), names
        lower-cased, values without surrounding space or double quotes."""
        out: list[HeaderParam] = []
        pos = 0
        for part in self.value.split(";"):
            name, eq, value = part.partition("=")
            if name.strip():
                start = pos + len(name) + 1 + (len(value) - len(value.lstrip())) if eq else -1
                text = value.strip() if eq else None
                if text is not None and len(text) >= 2 and text[0] == text[-1] == '"':
                    text, start = text[1:-1], start + 1
                out.append(HeaderParam(name.strip().lower(), text, start))
            pos += len(part) + 1
        return tuple(out)

    def param(self, name: str) -> HeaderParam | None:
        """The first parameter called ``name`` (any case)."""
        low = name.lower()
        return next((p for p in self.params() if p.name == low), None)

    def value_span(self, start: int, end: int) -> Span | None:
        """Where ``value[start:end]`` stands in the source: for ``add_header``, whose value is its
        second argument, when the argument is written as it reads (no escapes); else None."""
        d = self.node
        if d.name != "add_header" or len(d.args) < 2:
            return None
        arg = d.args[1]
        base = arg.span.start_offset + (1 if arg.quoted else 0)
        if d.source.text[base : base + len(self.value)] != self.value:
            return None
        return d.source.span(base + start, base + end)


@record
class HeaderParam:
    """One parameter of a header value: ``max-age=31536000`` is ``max-age`` and ``31536000``
    (``value_start``: its offset in the header value; -1 without ``=``)."""

    name: str
    value: str | None
    value_start: int = -1

    @property
    def seconds(self) -> int | None:
        """The value as a whole number of seconds (``max-age``), or None."""
        return int(self.value) if self.value is not None and self.value.isascii() and self.value.isdigit() else None


#: response headers that carry security policy
SECURITY_HEADERS = frozenset(
    {
        "strict-transport-security",
        "x-frame-options",
        "x-content-type-options",
        "content-security-policy",
        "content-security-policy-report-only",
        "referrer-policy",
        "permissions-policy",
        "x-xss-protection",
        "cross-origin-opener-policy",
        "cross-origin-embedder-policy",
        "cross-origin-resource-policy",
    }
)

_REDIRECT_CODES = frozenset({"301", "302", "303", "307", "308"})
_CONTENT = frozenset(
    {
        "proxy_pass",
        "fastcgi_pass",
        "uwsgi_pass",
        "grpc_pass",
        "scgi_pass",
        "memcached_pass",
        "root",
        "alias",
        "try_files",
        "autoindex",
        "index",
        "content_by_lua_block",
        "content_by_lua",
        "content_by_lua_file",
    }
)


def is_https_redirect_or_refusal(d: Directive) -> bool:
    """A ``return``/``rewrite`` that sends the client to https:// or refuses the request."""
    if d.name == "return":
        code = d.arg(0)
        if code in _REDIRECT_CODES:
            return d.arg(1).startswith("https://")
        if code.startswith("https://"):
            return True
        return code.isdigit() and int(code) >= 400
    if d.name == "rewrite":
        return d.arg(1).startswith("https://")
    return False


def is_acme_location(loc: Directive) -> bool:
    return ".well-known" in " ".join(loc.values)


#: request headers a TLS-terminating proxy sets to tell the scheme the client used
FORWARDED_SCHEME_VARS = frozenset(
    {
        "http_x_forwarded_proto",
        "http_x_forwarded_ssl",
        "http_x_forwarded_scheme",
        "http_x_url_scheme",
        "http_cloudfront_forwarded_proto",
        "http_forwarded",
    }
)


def forwarded_scheme_vars(node: Directive) -> frozenset[str]:
    """The forwarded-scheme variable names, plus the targets of ``map`` blocks (anywhere above or
    beside ``node``) whose source is one of them."""
    top = node
    while top.parent is not None:
        top = top.parent
    got = top._memo.forwarded_scheme_vars
    if got is None:  # once per tree: every server asks (a walk per server was quadratic)
        got = FORWARDED_SCHEME_VARS | {
            d.arg(-1).lstrip("$")
            for d in top.walk()
            if d.name == "map"
            and d.block is not None
            and len(d.args) >= 2
            and _mentions(d.arg(0), FORWARDED_SCHEME_VARS)
        }
        top._memo.forwarded_scheme_vars = got
    return got


def _mentions(text: str, names: frozenset[str]) -> bool:
    """``text`` uses one of these variables (names without the ``$``)."""
    if "$" not in text:
        return False
    from deploylint.models.nginx_vars import parts_of

    return any(is_var and part in names for part, is_var in parts_of(text))


@record
class Listen:
    """One ``listen`` socket (or nginx's implicit ``listen 80`` when a server has none)."""

    address: str  # "*", an IP, a host name or "unix:/path"
    port: int | None
    ssl: bool
    http2: bool
    quic: bool
    default_server: bool
    node: Directive | None  # None for the implicit default

    @property
    def span(self) -> Span:
        assert self.node is not None
        return self.node.span

    @property
    def loopback(self) -> bool:
        return self.address.startswith(_LOOPBACK_PREFIXES)

    @property
    def socket(self) -> tuple[str, int | None]:
        addr = self.address
        if addr in ("*", "0.0.0.0"):
            addr = "*"
        elif addr in ("[::]", "::"):
            addr = "[::]"
        return addr, self.port

    @classmethod
    def parse(cls, d: Directive) -> Listen:
        first = d.arg(0)
        params = {a.value.lower() for a in d.args[1:]}
        address, port = "*", None
        if first.startswith("unix:"):
            address = first
        elif first.startswith("["):
            host, _, rest = first.partition("]")
            address = host + "]"
            port = _int(rest.lstrip(":")) if rest.startswith(":") else 80
        elif first.isdigit() or first.startswith("$"):
            port = _int(first)
        elif ":" in first:
            address, _, p = first.rpartition(":")
            port = _int(p)
        else:
            address, port = first, 80
        return cls(
            address,
            port,
            "ssl" in params,
            "http2" in params,
            "quic" in params,
            bool(params & {"default_server", "default"}),
            d,
        )


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


# -- typed views ---------------------------------------------------------------------------------
@record
class Server:
    node: Directive
    virtual: bool = False  # a fragment's top level standing in for a server block

    @property
    def span(self) -> Span:
        return self.node.name_span if not self.virtual else self.node.span

    @property
    def listens(self) -> tuple[Listen, ...]:
        got = self.node._memo.listens
        if got is None:
            got = tuple(Listen.parse(d) for d in self.node.find("listen") if d.args)
            if not got and not self.virtual:
                got = (Listen("*", 80, False, False, False, False, None),)
            self.node._memo.listens = got
        return got

    @property
    def server_names(self) -> tuple[Arg, ...]:
        return tuple(a for d in self.node.find("server_name") for a in d.args)

    @property
    def is_ssl(self) -> bool:
        if any(ls.ssl or ls.quic for ls in self.listens):
            return True
        flag = self.node.effective("ssl")
        return flag is not None and flag.arg(0) == "on"

    @property
    def has_plain_http(self) -> bool:
        return any(not (ls.ssl or ls.quic) for ls in self.listens) and not (
            (flag := self.node.effective("ssl")) is not None and flag.arg(0) == "on"
        )

    @property
    def redirects_or_refuses(self) -> bool:
        """Everything this server answers is a redirect to https:// or a refusal (ACME
        challenge locations aside)."""
        for d in self.node.children:
            if d.name in ("return", "rewrite") and is_https_redirect_or_refusal(d):
                return True
            if d.name == "if" and any(is_https_redirect_or_refusal(c) for c in d.children):
                if any("$scheme" in v or "$https" in v or "$host" in v or "$server_port" in v for v in d.values):
                    return True
        locs = [loc.node for loc in self.locations if not is_acme_location(loc.node)]
        if not locs:
            return False
        return all(any(is_https_redirect_or_refusal(c) for c in loc.children) for loc in locs)

    @property
    def behind_proxy(self) -> Directive | None:
        """The directive that shows a TLS-terminating proxy in front of this server: a
        ``real_ip_header``/``set_real_ip_from`` in effect (the server trusts a proxy's client
        address), or a use of the scheme a proxy reports (``$http_x_forwarded_proto`` and its
        kin, in a condition, a header, or a ``map`` whose result the server uses)."""
        known = self.node._memo.behind_proxy
        if known is not None:
            return known[0]
        got = self.node.effective("real_ip_header") or self.node.effective("set_real_ip_from")
        if got is None:
            names = forwarded_scheme_vars(self.node)
            got = next((d for d in self.node.walk() if any(_mentions(a.value, names) for a in d.args)), None)
        self.node._memo.behind_proxy = (got,)
        return got

    @property
    def serves_content(self) -> bool:
        """The server proxies or serves files somewhere (not only redirects or refusals)."""
        return not self.redirects_or_refuses

    @property
    def rejects_handshake(self) -> bool:
        d = self.node.effective("ssl_reject_handshake")
        return d is not None and d.arg(0) == "on"

    @property
    def locations(self) -> list[Location]:
        """Every location in this server, nested ones included."""
        return [Location(d) for d in self.node.walk() if d.name == "location" and d.block is not None]


@record
class Location:
    node: Directive

    @property
    def span(self) -> Span:
        return self.node.name_span

    @property
    def modifier(self) -> str:
        """``""``, ``=``, ``~``, ``~*``, ``^~`` or ``@``."""
        return _location_parts(self.node)[0]

    @property
    def path(self) -> str:
        return _location_parts(self.node)[1]

    @property
    def path_arg(self) -> Arg | None:
        return self.node.args[-1] if self.node.args else None

    @property
    def is_regex(self) -> bool:
        return self.modifier in ("~", "~*")


def _location_parts(d: Directive) -> tuple[str, str]:
    if len(d.args) >= 2:
        return d.args[0].value, d.args[1].value
    if not d.args:
        return "", ""
    v = d.args[0].value
    if v.startswith("~*"):
        return "~*", v[2:]
    if v.startswith(("~", "=")):
        return v[0], v[1:]
    if v.startswith("^~"):
        return "^~", v[2:]
    if v.startswith("@"):
        return "@", v[1:]
    return "", v


@record
class MapEntry:
    key: Arg
    value: Arg | None
    node: Directive

    @property
    def span(self) -> Span:
        return self.node.span


@record
class MapBlock:
    """A ``map``/``geo``/``split_clients`` block: source, target variable and entries."""

    node: Directive

    @property
    def span(self) -> Span:
        return self.node.name_span

    @property
    def target(self) -> str:
        return self.node.arg(-1)

    @property
    def entries(self) -> list[MapEntry]:
        return [MapEntry(_name_arg(d), d.args[0] if d.args else None, d) for d in self.node.children]

    @property
    def default(self) -> MapEntry | None:
        for e in self.entries:
            if e.key.value == "default":
                return e
        return None


def _name_arg(d: Directive) -> Arg:
    return Arg(d.name, d.name_span)


@record
class IfBlock:
    node: Directive

    @property
    def span(self) -> Span:
        return self.node.name_span

    @property
    def condition(self) -> tuple[str, ...]:
        return self.node.values


@record
class RegexUse:
    """A regular expression in the configuration: its argument, the pattern text, whether it is
    case-insensitive, and the directive that holds it."""

    arg: Arg
    pattern: str
    caseless: bool
    node: Directive

    @property
    def span(self) -> Span:
        return self.arg.span


@record
class IncludeProblem:
    """An include that was not followed: outside the root, a cycle, or nothing matched."""

    kind: str  # "outside-root" | "cycle" | "missing" | "limit" (a safety limit stopped it)
    message: str
    node: Directive

    @property
    def span(self) -> Span:
        return self.node.span


@record(frozen=False)
class NginxConfig:
    """One scanned nginx file with its includes followed.

    ``context`` is where the file's top level sits: ``main`` for a full nginx.conf, ``http`` for a
    ``conf.d`` fragment of server blocks, ``server`` for a snippet of server directives,
    ``location`` for a snippet of location directives. ``covered_by`` names the main file that
    includes this fragment: the fragment is then checked in that file's context (its findings are
    reported there, located in the fragment), and this model exposes no servers of its own. A
    fragment nothing covers sits in levels the scan does not show (:meth:`inherits_unseen`).
    """

    root: Directive
    source: SourceFile
    context: str = "main"
    covered_by: str | None = None
    include_problems: list[IncludeProblem] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    #: where each file of the tree runs (:func:`deploylint.profiles.profile_of`), by display path
    profiles: dict[str, Profile | None] = field(default_factory=dict)
    _memo: _ConfigMemo = field(default_factory=_ConfigMemo, repr=False, compare=False)

    @property
    def active(self) -> bool:
        return self.covered_by is None

    def all(self, name: str | None = None) -> list[Directive]:
        """Every directive of the tree (includes expanded), or those with this name."""
        index, everything = self._memo.index, self._memo.everything
        if index is None or everything is None:
            index, everything = {}, []
            if self.active:
                for d in self.root.walk():
                    everything.append(d)
                    index.setdefault(d.name, []).append(d)
            self._memo.index, self._memo.everything = index, everything
        return everything if name is None else index.get(name, [])

    @property
    def http_levels(self) -> list[Directive]:
        if self.context == "http":
            return [self.root]
        return [d for d in self.all("http") if d.block is not None]

    @property
    def servers(self) -> list[Server]:
        got = self._memo.servers
        if got is None:
            got = []
            if self.active:
                if self.context in ("server", "location"):
                    got.append(Server(self.root, virtual=True))
                got += [
                    Server(d)
                    for d in self.all("server")
                    if d.block is not None and (d.parent is None or d.parent.name in ("http", ""))
                ]
            self._memo.servers = got
        return got

    @property
    def locations(self) -> list[Location]:
        return [Location(d) for d in self.all("location") if d.block is not None]

    @property
    def upstreams(self) -> list[Directive]:
        return [d for d in self.all("upstream") if d.block is not None]

    @property
    def maps(self) -> list[MapBlock]:
        return [MapBlock(d) for d in self.all() if d.name in ("map", "geo") and d.block is not None]

    @property
    def ifs(self) -> list[IfBlock]:
        return [IfBlock(d) for d in self.all("if") if d.block is not None]

    @property
    def regexes(self) -> list[RegexUse]:
        """Every regular expression nginx will compile: regex locations, ``if`` matches,
        ``rewrite`` patterns, ``~`` keys of ``map``, and regex server names."""
        got = self._memo.regexes
        if got is None:
            got = []
            for d in self.all():
                if d.name == "location" and len(d.args) >= 1:
                    mod, path = _location_parts(d)
                    if mod in ("~", "~*"):
                        got.append(RegexUse(d.args[-1], path, mod == "~*", d))
                elif d.name == "if" and len(d.args) == 3 and d.args[1].value in ("~", "~*", "!~", "!~*"):
                    got.append(RegexUse(d.args[2], d.args[2].value, d.args[1].value.endswith("*"), d))
                elif d.name == "rewrite" and d.args:
                    got.append(RegexUse(d.args[0], d.args[0].value, False, d))
                elif d.name == "server_name":
                    got += [RegexUse(a, a.value[1:], False, d) for a in d.args if a.value.startswith("~")]
                elif (
                    self.in_data_block(d) and d.parent is not None and d.parent.name == "map" and d.name.startswith("~")
                ):
                    caseless = d.name.startswith("~*")
                    got.append(RegexUse(Arg(d.name, d.name_span), d.name[2 if caseless else 1 :], caseless, d))
            self._memo.regexes = got
        return got

    @property
    def variables(self) -> Variables:
        """Where variables come from and what they can hold (see :mod:`nginx_vars`)."""
        got = self._memo.variables
        if got is None:
            from deploylint.models.nginx_vars import Variables

            got = self._memo.variables = Variables(self)
        return got

    def in_development(self, d: Directive) -> bool:
        """The file ``d`` is written in is a development, test or example config (by config
        ``profiles``, its name or its folders)."""
        return self.profiles.get(d.source.display) == "development"

    @property
    def outer_unseen(self) -> bool:
        """This file is a fragment (a ``conf.d`` site, a server or location snippet) whose
        including file is not in the scan, so the http/server levels it sits in are not shown."""
        return self.context != "main"

    def inherits_unseen(self, d: Directive, *names: str) -> bool:
        """What ``names`` hold at ``d`` may come from a level this file does not show: the file
        is a fragment whose includer is not in the scan, and no level from ``d`` up to the file's
        top defines any of them (a level that defines one fixes the whole set, for array-like
        directives, or the value, for single ones)."""
        if not self.outer_unseen:
            return False
        node: Directive | None = d if d.block is not None else d.level
        while node is not None:
            if any(node.named(n) for n in names):
                return False
            node = _parent_level(node)
        return True

    def server_of(self, d: Directive) -> Server | None:
        s = d.enclosing("server")
        if s is not None and s.block is not None and s.parent is not None and s.parent.name != "upstream":
            return Server(s)
        if self.context in ("server", "location"):
            return Server(self.root, virtual=True)
        return None

    def in_data_block(self, d: Directive) -> bool:
        return d.parent is not None and d.parent.name in DATA_BLOCKS
