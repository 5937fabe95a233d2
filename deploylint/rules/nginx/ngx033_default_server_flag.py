from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import Listen, NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX033",
    name="default-server-missing",
    title="Several servers share a socket and none is `default_server`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("correctness",),
    aliases=("default_server_flag",),
)
def default_server_flag(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Requests whose Host matches no `server_name` go to the default server of the socket. Without
    an explicit `default_server`, that is whichever server nginx read first, which changes when
    files in `conf.d/` are renamed or added, and an unrelated site may answer for unknown hosts.
    Mark one server (ideally one that returns 444 or 421) as the default.

    ## Example
        server {
            listen 80;
            server_name a.example;
        }
        server {
            listen 80;
            server_name b.example;
        }

    ## Use instead
        server {
            listen 80 default_server;
            server_name a.example;
        }
        server {
            listen 80;
            server_name b.example;
        }
    """
    groups: dict[tuple[str, int | None], list[Listen]] = {}
    for server in conf.servers:
        for ls in server.listens:
            if ls.node is not None and ls.port is not None:
                groups.setdefault(ls.socket, []).append(ls)
    for (addr, port), listens in groups.items():
        if len({id(ls.node.parent) for ls in listens if ls.node}) < 2 or any(ls.default_server for ls in listens):
            continue
        first = listens[0].node
        assert first is not None
        yield ctx.finding(first, f"{len(listens)} servers listen on {addr}:{port} and none is default_server")
