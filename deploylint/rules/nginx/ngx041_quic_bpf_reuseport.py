from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX041",
    name="quic-bpf-reuseport",
    title="`quic_bpf on` with `reuseport` QUIC listeners and several workers",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("http3",),
    aliases=("quic_bpf_reuseport",),
)
def quic_bpf_reuseport(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    With `quic_bpf on`, several worker processes and `listen ... quic reuseport`, the eBPF program
    that routes QUIC packets to workers is known to lose existing QUIC connections on reload
    (packets reach a worker that has no state for them), so HTTP/3 clients see resets after every
    configuration change.

    ## Example
        worker_processes auto;
        quic_bpf on;
        http {
            server {
                listen 443 quic reuseport;
            }
        }

    ## Use instead
        worker_processes auto;
        quic_bpf off;
        http {
            server {
                listen 443 quic reuseport;
            }
        }
    """
    workers = conf.all("worker_processes")
    if not workers or workers[-1].arg(0) == "1":
        return
    for d in conf.all("quic_bpf"):
        if d.arg(0) != "on":
            continue
        if any("quic" in ls.values and "reuseport" in ls.values for ls in conf.all("listen")):
            yield ctx.finding(d, "quic_bpf on with reuseport QUIC listeners drops QUIC connections on reload")
