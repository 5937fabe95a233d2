from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._fixes import bind_loopback

LOOPBACK = ("127.", "::1", "localhost")


@rule(
    id="CMP005",
    name="datastore-port-published",
    title="Database or cache publishes a port on the host",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "network"),
    security_severity=6.5,
    fixable=True,
)
def datastore_port_published(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Services reach a database over the project network by its service name; publishing its port
    (`5432:5432`) also opens it to everything that reaches the host, and a firewall does not help
    because Docker writes its own iptables rules ahead of it. Exposed Redis, MongoDB and
    Elasticsearch instances are a classic source of breaches. A port bound to the loopback
    interface (`127.0.0.1:5432:5432`) is reachable from the host only and is not reported. An
    exposure, so it keeps its severity wherever the file is not a development one; a development
    stack publishes its database on purpose, so there it is information (binding it to
    `127.0.0.1` still keeps it off the network).

    Recognised images: postgres (and postgis, timescaledb), mysql, mariadb, percona, mongo,
    redis, valkey, keydb, dragonfly, memcached, elasticsearch, opensearch, rabbitmq, cassandra,
    scylla, couchdb, neo4j, influxdb, clickhouse, cockroach, etcd.

    ## Example
        services:
          db:
            image: postgres:16.4
            ports:
              - "5432:5432"

    ## Use instead
        services:
          db:
            image: postgres:16.4
            expose:
              - "5432"

    or, when a tool on the host needs it, `- "127.0.0.1:5432:5432"`.

    ## Fix safety
    Unsafe: the port is bound to `127.0.0.1`. A short entry gets `127.0.0.1:` in front
    (`"5432:5432"` becomes `"127.0.0.1:5432:5432"`, `"5432"` becomes `"127.0.0.1::5432"`, its
    quoting kept), a long entry gets `host_ip: 127.0.0.1` (block or flow style kept), and an
    explicit `0.0.0.0` becomes `127.0.0.1`. Clients on the host still connect; clients on other
    machines (an application server elsewhere, a database tool over the LAN) no longer can. An
    IPv6 or other explicit address, an interpolated entry, and a port that is inherited (a `<<`
    merge, `extends:`, an anchor, an override file) are not fixed.
    """
    for svc in model:
        if svc.datastore is None:
            continue
        for port in svc.ports:
            if port.interpolated or not port.publishes:
                continue
            if port.host_ip is not None and port.host_ip.startswith(LOOPBACK):
                continue  # reachable from the host only
            where = port.host_ip or "all interfaces"
            development = not model.outside_development(port)
            host = f"host port {port.published}" if port.published else "a random host port"
            msg = f"{svc.datastore} service {svc.name.value!r} publishes port {port.target} on {host} ({where})"
            sev = Severity.INFO if development else None
            edit = bind_loopback(svc, port)
            fix = Fix("bind the port to 127.0.0.1", (edit,), Applicability.UNSAFE) if edit is not None else None
            yield ctx.finding(port, msg, severity=sev, fix=fix)
