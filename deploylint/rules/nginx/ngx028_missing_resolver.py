from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule
from deploylint.rules.nginx._context import inherits_unseen
from deploylint.rules.nginx._hosts import is_internal_host, split_host_port

PASSES = ("proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass")


def _host(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return split_host_port(rest.split("/", 1)[0])


@rule(
    id="NGX028",
    name="missing-resolver",
    title="Proxy target host name resolved only at startup (or never)",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("proxy", "dns"),
    aliases=("missing_resolver",),
    needs_project=True,
)
def missing_resolver(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    nginx resolves a host name written in `proxy_pass` (or an upstream `server`) once, at startup,
    and keeps that address until the next reload. Cloud load balancers and SaaS endpoints change
    addresses, and the proxy then sends traffic to someone else's machine. With a variable in
    the target nginx resolves at request time, but only through a `resolver`; without one every
    request fails (reported as a warning; as an `info` in a fragment whose including file is not
    scanned and that sets no `resolver`, since its `http {}` may). Internal names (single labels such as `app`, `.internal`,
    `.local`, `.svc`, `.consul`), IP addresses and unix sockets are not reported.

    ## Example
        location / {
            proxy_pass https://my-app.herokuapp.com;
        }

    ## Use instead
        resolver 127.0.0.53 valid=30s;
        location / {
            set $backend my-app.herokuapp.com;
            proxy_pass https://$backend;
        }
    """
    upstreams = {u.arg(0): u for u in conf.upstreams}
    # each upstream's servers are judged once, however many locations pass to it (once per
    # proxy_pass made 1,200 locations passing to a 1,200-server upstream take 6 s)
    judged: set[str] = set()
    for d in (d for name in PASSES for d in conf.all(name)):
        target = d.arg(0)
        if not target or target.startswith("unix:") or "unix:" in target:
            continue
        host = _host(target)
        if "$" in host:
            if (
                d.effective("resolver") is None
                and not d.opaque
                and any(s.name == "set" and s.arg(0) in host for s in conf.all("set"))
            ):
                yield ctx.finding(
                    d,
                    "target uses a variable but no resolver is set, so requests fail",
                    severity=Severity.INFO if inherits_unseen(conf, ctx, d, "resolver") else Severity.WARNING,
                )
            continue
        if host in upstreams:
            if host in judged:
                continue
            judged.add(host)
            for s in upstreams[host].find("server"):
                h = split_host_port(s.arg(0))
                if not is_internal_host(h) and "resolve" not in s.values:
                    yield ctx.finding(s, f"upstream server {h} is resolved only at startup")
            continue
        if not is_internal_host(host):
            yield ctx.finding(d, f"{host} is resolved only at startup; its address may change")
