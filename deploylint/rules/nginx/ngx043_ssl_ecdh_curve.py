from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule

_PQ = ("MLKEM", "KYBER")


@rule(
    id="NGX043",
    name="ssl-ecdh-curve-unknown-group",
    title="Post-quantum group in `ssl_ecdh_curve` without the `?` prefix",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("tls", "breakage"),
    aliases=("ssl_ecdh_curve",),
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
    """
    for d in conf.all("ssl_ecdh_curve"):
        for group in d.arg(0).split(":"):
            if any(p in group.upper() for p in _PQ) and not group.startswith("?"):
                yield ctx.finding(
                    d.args[0], f"{group} is unknown to older OpenSSL and stops nginx; write ?{group}", source=d.source
                )
                break
