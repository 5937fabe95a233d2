from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

LOOPBACK = ("127.", "::1", "localhost")


@rule(
    id="CMP005",
    name="datastore-port-published",
    title="Database or cache publishes a port on the host",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "network"),
    security_severity=6.5,
)
def datastore_port_published(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Services reach a database over the project network by its service name; publishing its port
    (`5432:5432`) also opens it to everything that reaches the host, and a firewall does not help
    because Docker writes its own iptables rules ahead of it. Exposed Redis, MongoDB and
    Elasticsearch instances are a classic source of breaches. Binding to the loopback interface
    (`127.0.0.1:5432:5432`) is reported as information only. An exposure, so it keeps its severity
    wherever the file is not a development one; a development stack publishes its database on
    purpose, so there it is information (binding it to `127.0.0.1` still keeps it off the network),
    and a loopback binding is not reported.

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
    """
    for svc in model:
        if svc.datastore is None:
            continue
        for port in svc.ports:
            if port.interpolated or not port.publishes:
                continue
            where = port.host_ip or "all interfaces"
            loopback = port.host_ip is not None and port.host_ip.startswith(LOOPBACK)
            development = not model.outside_development(port)
            if development and loopback:
                continue
            host = f"host port {port.published}" if port.published else "a random host port"
            msg = f"{svc.datastore} service {svc.name.value!r} publishes port {port.target} on {host} ({where})"
            sev = Severity.INFO if loopback or development else None
            yield ctx.finding(port, msg, source=port.file, severity=sev)
