from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import SECURITY_HEADERS, Directive, NginxConfig
from deploylint.records import record
from deploylint.registry import Kind, rule


@record(slots=False)
class Options:
    #: only report when one of these headers is dropped (empty: any header)
    headers: tuple[str, ...] = ()


@rule(
    id="NGX006",
    name="add-header-redefinition",
    title="Nested `add_header` silently drops the parent's headers",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "headers"),
    aliases=("add_header_redefinition",),
    security_severity=4.0,
    options=Options,
)
def add_header_redefinition(conf: NginxConfig, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    nginx inherits `add_header` (and `add_trailer`) from the enclosing level only when a level
    defines none of its own. One `add_header Cache-Control ...` in a location therefore removes
    every header set on the server or in `http`, often the security headers. The finding lists the
    dropped headers; it is info-level when none of them is a security header. nginx 1.29.3's
    `add_header_inherit merge;` keeps the parent's headers and silences the rule.

    ## Example
        server {
            add_header X-Frame-Options DENY always;
            location / {
                add_header Cache-Control no-store;
            }
        }

    ## Use instead
        server {
            add_header X-Frame-Options DENY always;
            location / {
                add_header X-Frame-Options DENY always;
                add_header Cache-Control no-store;
            }
        }

    ## Options
    `headers`: report only when one of these headers (case-insensitive) is dropped.
    """
    wanted = {h.lower() for h in ctx.options.headers}
    seen: dict[tuple[int, str], _Inherited] = {}
    for name in ("add_header", "add_trailer"):
        for node in {d.parent for d in conf.all(name) if d.parent is not None}:
            if node.inherit_mode(name) == "merge" or node.parent is None:
                continue
            parent = node.level
            if parent is None:
                continue
            own = [d for d in node.children if d.name == name]
            if not own:
                continue
            kept = {d.arg(0).lower() for d in own}
            key = (id(parent), name)
            inherited = seen.get(key)
            if inherited is None:
                inherited = seen[key] = _Inherited(parent.effective_array(name), wanted)
            dropped, more = inherited.dropped(kept)
            if dropped:
                secure = any(h not in kept for h in inherited.security)
                also = f" and {more:,} more" if more else ""
                yield ctx.finding(
                    own[0],
                    f"{name} here drops the {', '.join(dropped)}{also} set on the enclosing level",
                    severity=None if secure else Severity.INFO,
                )


#: dropped headers a message names; the rest are counted
MAX_NAMED = 50


class _Inherited:
    """The headers one level passes down, made once per level: a level's N headers compared
    again for each of its N blocks made a server of 2,500 headers and 2,500 locations take 3 s,
    and 10,000 of each ran into the time budget."""

    def __init__(self, directives: tuple[Directive, ...], wanted: set[str]) -> None:
        names: dict[str, str] = {}
        for d in directives:
            header = d.arg(0)
            low = header.lower()
            if not wanted or low in wanted:
                names.setdefault(low, header)
        #: (lower-case name, as written), each name once, in order
        self.names = list(names.items())
        self.lowered = frozenset(names)
        self.security = [low for low in names if low in SECURITY_HEADERS]

    def dropped(self, kept: set[str]) -> tuple[list[str], int]:
        """The first :data:`MAX_NAMED` headers not in ``kept`` and how many more there are: the
        walk passes at most ``len(kept)`` kept names, so it costs the block, not the level."""
        shown: list[str] = []
        for low, header in self.names:
            if len(shown) == MAX_NAMED:
                break
            if low not in kept:
                shown.append(header)
        total = len(self.names) - len(kept & self.lowered)
        return shown, total - len(shown)
