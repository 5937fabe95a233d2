from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule

OLD_PROTOCOLS = ("SSLv2", "SSLv3", "TLSv1", "TLSv1.1")
WEAK = frozenset(
    [
        "RC4",
        "DES",
        "3DES",
        "DES-CBC3",
        "MD5",
        "NULL",
        "ENULL",
        "ANULL",
        "EXP",
        "EXPORT",
        "EXPORT40",
        "EXPORT56",
        "ADH",
        "AECDH",
        "LOW",
        "SEED",
        "IDEA",
        "SSLV2",
    ]
)
BROAD = frozenset({"ALL", "DEFAULT", "COMPLEMENTOFALL", "MEDIUM"})


def weak_ciphers(spec: str) -> list[str]:
    """Weak cipher selectors that a cipher string enables and does not exclude."""
    parts = [p for p in spec.replace(",", ":").replace(" ", ":").split(":") if p]
    excluded = {p[1:].upper() for p in parts if p[0] in "!-"}
    found = []
    for p in parts:
        if p[0] in "!-+@":
            continue
        words = {w.upper() for w in p.replace("+", "-").split("-")} | {p.upper()}
        bad = (words & WEAK) - excluded
        if p.upper() in BROAD and not {"ANULL", "ENULL", "RC4", "DES", "3DES", "MD5", "EXPORT"} <= excluded | {
            w for w in excluded if w in ("NULL", "EXP", "ADH")
        }:
            bad = {p.upper()}
        if bad and not (words & excluded):
            found.append(p)
    return found


@rule(
    id="NGX005",
    name="weak-ssl-tls",
    title="Old TLS protocol versions or weak ciphers enabled",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "tls"),
    aliases=("weak_ssl_tls",),
    security_severity=7.0,
    fixable=True,
)
def weak_ssl_tls(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    SSLv2, SSLv3, TLS 1.0 and TLS 1.1 have practical attacks (POODLE, BEAST) and are deprecated by
    RFC 8996; browsers no longer use them. Cipher strings that enable RC4, (3)DES, MD5, NULL,
    EXPORT or anonymous suites let a network attacker read or forge traffic. A cipher list does
    not matter when only TLS 1.3 is enabled (TLS 1.3 suites are configured elsewhere).

    ## Example
        ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
        ssl_ciphers HIGH:RC4;

    ## Use instead
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ciphers HIGH:!aNULL:!MD5;

    ## Fix safety
    Unsafe: the arguments of an `ssl_protocols` that enables an old version are replaced by
    `TLSv1.2 TLSv1.3`. Clients that only speak TLS 1.1 or older (old Android, Java 6/7, Windows
    XP-era software, some embedded devices) can no longer connect. Weak `ssl_ciphers` are not fixed:
    which suites to keep depends on the clients.

    ## Differences from gixy-ng
    gixy-ng also reports a missing `ssl_protocols`/`ssl_ciphers` (nginx's defaults are safe in
    every supported version) and `ssl_prefer_server_ciphers on` (a preference, not a weakness);
    we report neither.
    """
    for d in conf.all("ssl_protocols"):
        for a in d.args:
            if a.value in OLD_PROTOCOLS:
                yield ctx.finding(
                    a,
                    f"ssl_protocols enables {a.value}, which is deprecated and attackable",
                    fix=_modern(d),
                )
    for d in conf.all("ssl_ciphers"):
        protocols = d.effective("ssl_protocols")
        if protocols is not None and protocols.values == ("TLSv1.3",):
            continue
        bad = weak_ciphers(d.arg(0))
        if bad:
            yield ctx.finding(d.args[0], f"ssl_ciphers enables weak ciphers: {', '.join(bad)}")


def _modern(d: Directive) -> Fix | None:
    """Every argument replaced by ``TLSv1.2 TLSv1.3``, when nothing but blanks lies between them."""
    first, last = d.args[0].span, d.args[-1].span
    between = d.source.text[first.start_offset : last.end_offset]
    if "#" in between or any(a.quoted for a in d.args):
        return None
    span = d.source.span(first.start_offset, last.end_offset)
    return Fix("allow only TLSv1.2 and TLSv1.3", (Edit(span, "TLSv1.2 TLSv1.3"),), Applicability.UNSAFE)
