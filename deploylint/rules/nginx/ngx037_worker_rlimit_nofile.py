from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX037",
    name="worker-rlimit-nofile-too-low",
    title="`worker_rlimit_nofile` below twice `worker_connections`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("performance",),
    aliases=("worker_rlimit_nofile_vs_connections",),
)
def worker_rlimit_nofile(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    A proxied connection uses two file descriptors (client and upstream), and files and logs use
    more. When `worker_rlimit_nofile` is unset (the system default is often 1024) or below twice
    `worker_connections`, workers hit "Too many open files" before reaching their connection limit.

    ## Example
        worker_rlimit_nofile 1024;
        events {
            worker_connections 1024;
        }

    ## Use instead
        worker_rlimit_nofile 4096;
        events {
            worker_connections 1024;
        }
    """
    limits = conf.all("worker_rlimit_nofile")
    for d in conf.all("worker_connections"):
        value = d.arg(0)
        if not value.isdigit() or conf.root.opaque:
            continue
        if not limits:
            yield ctx.finding(d, "worker_rlimit_nofile is not set; set it to at least twice worker_connections")
        elif limits[-1].arg(0).isdigit() and int(limits[-1].arg(0)) < 2 * int(value):
            lim = limits[-1]
            yield ctx.finding(
                lim.args[0],
                f"worker_rlimit_nofile {lim.arg(0)} is below 2 x worker_connections ({value})",
            )
