import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.models.nginx_regex import FREE, parse_regex, samples
from deploylint.records import record
from deploylint.registry import Kind, rule

HEADERS = ("$http_origin", "$http_referer", "$http_referrer")
_HOST = re.compile(r"^[a-z0-9.\-`]+(?::[0-9`]*)?$", re.IGNORECASE)
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "edu", "ac"})


@record(slots=False)
class Options:
    #: trusted registrable domains (empty: any)
    domains: tuple[str, ...] = ()
    #: only https:// origins are acceptable
    https_only: bool = False


def registrable(host: str) -> str:
    labels = host.lower().split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def weakness(pattern: str, caseless: bool, kind: str, opts: Options) -> str | None:
    """Why a regex meant to accept trusted origins/referers accepts others, or None."""
    rx = parse_regex(pattern, caseless=caseless)
    if rx is None:
        return None
    for sample in samples(rx):
        if not sample.startswith("^"):
            return "it is not anchored with ^, so any site can put the trusted name in its own URL"
        text = sample[1:].split("$", 1)[0]
        scheme, sep, _ = text.partition("://")
        if not sep:
            return f"it does not match a scheme://host {kind}"
        if FREE in scheme:
            return "anything may come before the scheme"
        if opts.https_only and scheme.lower() != "https":
            return "it accepts plain http://"
        parts = urlsplit(text.replace(FREE, "a"))
        netloc = text.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        host = netloc.split("@")[-1].rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc.split("@")[-1]
        if not _HOST.match(netloc.split("@")[-1]):
            return f"it accepts {netloc!r}, which is not a valid host"
        a, b = registrable(host.replace(FREE, "a")), registrable(host.replace(FREE, "b"))
        if a != b:
            return "a wildcard or unescaped '.' lets other domains match"
        after_host = text.split("://", 1)[1][len(netloc) :]
        if not after_host and "$" not in sample:
            return "it is not anchored after the host, so example.com.evil.com matches"
        if kind == "origin" and (parts.path or parts.query or parts.fragment):
            return "an Origin header never has a path, so the check is broken"
        if opts.domains and not any(a == d or a.endswith("." + d) for d in opts.domains):
            return f"it accepts {a}, which is not a trusted domain"
    return None


@rule(
    id="NGX014",
    name="weak-origin-referer-check",
    title="Origin/Referer validation regex accepts untrusted sites",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "regex", "cors"),
    aliases=("origins",),
    security_severity=7.0,
    options=Options,
)
def origins(conf: NginxConfig, ctx: Context[Options]) -> Iterator[Finding]:
    """## Why
    Regexes that validate `$http_origin` or `$http_referer` (for CORS, CSRF or framing checks) are
    easy to get wrong: an unescaped `.` (`example.com` also matches `exampleXcom`), a missing `^`
    or `$` (`https://example.com.evil.net`), or a free prefix (`([^/]+)?example\\.com` matches
    `evilexample.com`) lets an attacker's site through. The rule derives sample strings from the
    pattern's structure (never running it) and checks that every one names the same trusted
    domain. `$http_referrer` (double r) is always empty and is reported too.

    ## Example
        if ($http_origin !~ "^https://example.com$") {
            return 403;
        }

    ## Use instead
        if ($http_origin !~ "^https://example\\.com$") {
            return 403;
        }

    ## Options
    `domains`: registrable domains that may appear (default: any single one).
    `https_only`: report patterns that also accept `http://`.
    """
    opts: Options = ctx.options
    for d in conf.all("if"):
        if len(d.args) != 3 or d.args[0].value not in HEADERS or d.args[1].value not in ("~", "~*", "!~", "!~*"):
            continue
        if d.args[0].value == "$http_referrer":
            yield ctx.finding(d.args[0], "$http_referrer is always empty; the header variable is $http_referer")
            continue
        kind = d.args[0].value.split("_", 1)[1]
        why = weakness(d.args[2].value, d.args[1].value.endswith("*"), kind, opts)
        if why:
            yield ctx.finding(d.args[2], f"{kind} check is too permissive: {why}")
    for m in conf.all("map"):
        if m.block is None or m.arg(0) not in HEADERS[:2]:
            continue
        kind = m.arg(0).split("_", 1)[1]
        for e in m.children:
            if e.name.startswith("~"):
                why = weakness(e.name.lstrip("~*"), e.name.startswith("~*"), kind, opts)
                if why:
                    yield ctx.finding(e.name_span, f"{kind} allowlist entry is too permissive: {why}")
