from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Edit, Finding, Fix, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX036",
    name="low-keepalive-requests",
    title="`keepalive_requests` below 1000",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("performance",),
    aliases=("low_keepalive_requests",),
    fixable=True,
)
def low_keepalive_requests(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    After `keepalive_requests` requests nginx closes a keep-alive connection. The default was
    raised from 100 to 1000 in nginx 1.19.10 because low values force clients (and HTTP/2
    multiplexed browsers) to reconnect and redo TLS handshakes under load.

    ## Example
        keepalive_requests 100;

    ## Use instead
        keepalive_requests 1000;

    ## Fix safety
    Unsafe: the value becomes `1000`, nginx's default. Connections then live for more requests,
    and each keeps its memory longer; a low value set on purpose (to spread clients over
    upstreams behind a load balancer, or to bound memory per connection) is lost.
    """
    for d in conf.all("keepalive_requests"):
        value = d.arg(0)
        if value.isdigit() and int(value) < 1000:
            yield ctx.finding(
                d.args[0],
                f"keepalive_requests {value} is below nginx's default of 1000",
                fix=Fix("raise it to 1000", (Edit(d.args[0].span, "1000"),), Applicability.UNSAFE),
            )
