from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Edit, Finding, Fix, Severity
from deploylint.models.nginx import Directive, NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._fixes import raw_offset

_PQ = ("MLKEM", "KYBER")


@rule(
    id="NGX043",
    name="ssl-ecdh-curve-unknown-group",
    title="Post-quantum group in `ssl_ecdh_curve` without the `?` prefix",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("tls", "breakage"),
    aliases=("ssl_ecdh_curve",),
    fixable=True,
)
def ssl_ecdh_curve(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Hybrid post-quantum groups (`X25519MLKEM768`, the draft `X25519Kyber768Draft00`) exist only
    in recent OpenSSL builds. An OpenSSL that does not know a listed group makes nginx fail to
    start ("SSL_CTX_set1_curves_list() failed"). OpenSSL 3.3+ accepts a `?` prefix meaning "skip
    if unsupported"; the Kyber drafts are obsolete and should be replaced by ML-KEM.

    ## Example
        ssl_ecdh_curve X25519MLKEM768:X25519:prime256v1;

    ## Use instead
        ssl_ecdh_curve ?X25519MLKEM768:X25519:prime256v1;

    ## Fix safety
    Safe: `?` is written before every post-quantum group of the list that lacks it. An OpenSSL
    that knows the group uses it as before; one that does not skips it instead of stopping nginx
    (an OpenSSL too old for the `?` prefix refused the list already). The obsolete Kyber drafts
    are not replaced by ML-KEM: which groups to offer is a choice.
    """
    for d in conf.all("ssl_ecdh_curve"):
        for group in d.arg(0).split(":"):
            if _required_pq(group):
                yield ctx.finding(
                    d.args[0],
                    f"{group} is unknown to older OpenSSL and stops nginx; write ?{group}",
                    fix=_optional(d),
                )
                break


def _required_pq(group: str) -> bool:
    return any(p in group.upper() for p in _PQ) and not group.startswith("?")


def _optional(d: Directive) -> Fix | None:
    """``?`` before each post-quantum group of the list that lacks it."""
    src, arg = d.source, d.args[0]
    at = raw_offset(src, arg)
    if at is None:
        return None
    edits = []
    for group in arg.value.split(":"):
        if _required_pq(group):
            edits.append(Edit(src.insertion(at), "?"))
        at += len(group) + 1
    return Fix("make the post-quantum groups optional", tuple(edits))
