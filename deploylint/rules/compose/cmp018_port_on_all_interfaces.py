from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule


@rule(
    id="CMP018",
    name="port-on-all-interfaces",
    title="Port is published on every host interface by default",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("security", "network"),
    aliases=("no-unbound-port-interfaces", "CL-0005"),
    security_severity=4.0,
)
def port_on_all_interfaces(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `ports: ["8080:80"]` listens on every interface of the host, public ones included, and
    Docker's iptables rules bypass a host firewall such as ufw. Bind to the interface you mean:
    `127.0.0.1:8080:80` for a service behind a local reverse proxy. A port bound explicitly to
    `0.0.0.0` or `[::]` is taken as a deliberate choice and passes. Not in development files;
    information,
    since a public entry point (a proxy on 80/443) is meant to listen everywhere.

    ## Example
        services:
          admin:
            image: example/admin:2.3.0
            ports:
              - "8080:80"

    ## Use instead
        services:
          admin:
            image: example/admin:2.3.0
            ports:
              - "127.0.0.1:8080:80"

    ## Differences from compose-lint
    CL-0005 also flags an explicit `0.0.0.0`; we follow dclint and accept it as intended.
    Ports whose host part is an unresolved variable (`$HOST:$PORT:80`) are not judged.
    """
    for svc in model:
        for port in svc.ports:
            if (
                port.interpolated
                or port.host_ip is not None
                or not port.publishes
                or not model.outside_development(port)
            ):
                continue
            host = f"host port {port.published}" if port.published else "a random host port"
            msg = f"service {svc.name.value!r} publishes port {port.target} on {host} of every interface"
            yield ctx.finding(port, msg, source=port.file)
