from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.compose import ComposeFile, Port
from deploylint.registry import Kind, rule
from deploylint.rules.compose._fixes import bind_loopback

#: ports a public entry point listens on: never rebound by the fix
_PUBLIC = frozenset({80, 443})


@rule(
    id="CMP018",
    name="port-on-all-interfaces",
    title="Port is published on every host interface by default",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("security", "network"),
    aliases=("no-unbound-port-interfaces", "CL-0005"),
    security_severity=4.0,
    fixable=True,
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

    ## Fix safety
    Unsafe: the port is bound to `127.0.0.1` (`"8080:80"` becomes `"127.0.0.1:8080:80"`,
    `"9000"` becomes `"127.0.0.1::9000"`, a long entry gets `host_ip: 127.0.0.1`; quoting, flow or
    block style kept). Only the host itself (a reverse proxy on it, an SSH tunnel) can reach the
    port afterwards: a service that other machines connect to directly stops being reachable.
    Host ports 80 and 443 (a public entry point), interpolated entries and inherited ports (a
    `<<` merge, `extends:`, an anchor, an override file) are not fixed.

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
            edit = None if _public(port) else bind_loopback(svc, port)
            fix = Fix("bind the port to 127.0.0.1", (edit,), Applicability.UNSAFE) if edit is not None else None
            yield ctx.finding(port, msg, fix=fix)


def _public(port: Port) -> bool:
    """The host port range holds 80 or 443 (or is written in a way that does not tell)."""
    if port.published is None:
        return False  # a random host port
    got = port.published_range()
    return got is None or any(got[0] <= p <= got[1] for p in _PUBLIC)
