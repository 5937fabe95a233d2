"""Ports: the container ports well-known images listen on, the command-line flags that name a
port, and the port lists an ``EXPOSE``/``expose:`` value spells (the nginx -> compose link asks
them to tell which ports a service listens on)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deploylint.models.base import Located
from deploylint.models.project import ListenPort

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Dockerfile, Stage

#: container ports well-known images listen on (for nginx -> compose links)
IMAGE_PORTS: dict[str, tuple[int, ...]] = {
    "nginx": (80,),
    "httpd": (80,),
    "caddy": (80, 443),
    "traefik": (80,),
    "postgres": (5432,),
    "mysql": (3306,),
    "mariadb": (3306,),
    "redis": (6379,),
    "valkey": (6379,),
    "mongo": (27017,),
    "memcached": (11211,),
    "rabbitmq": (5672, 15672),
    "elasticsearch": (9200, 9300),
    "grafana": (3000,),
    "prometheus": (9090,),
    "minio": (9000, 9001),
    "adminer": (8080,),
    "keycloak": (8080,),
    "mailhog": (1025, 8025),
}

#: flags of a server command that take the port it listens on (``--port 3000``, ``-p=3000``)
PORT_FLAGS = ("--port", "-p", "--http-port", "--listen-port")
#: flags that take an address whose last ``:`` part is the port (``--bind 0.0.0.0:8000``)
BIND_FLAGS = ("--bind", "-b", "--listen", "--host-port")


def ports_of(text: str) -> list[int]:
    """The ports an ``EXPOSE``/``expose:`` value names: ``3000``, ``3000/tcp`` or a range
    ``8000-8010`` (a range of 1000 ports or more, or anything else, names none)."""
    text = text.split("/", 1)[0]
    if "-" in text:
        a, _, b = text.partition("-")
        if a.isdigit() and b.isdigit() and int(b) - int(a) < 1000:
            return list(range(int(a), int(b) + 1))
        return []
    return [int(text)] if text.isdigit() else []


def exposed_ports(df: Dockerfile, stage: Stage | None) -> list[ListenPort]:
    """The ports a stage (and the stages it is built FROM) EXPOSEs."""
    from deploylint.models.dockerfile import Expose

    out: list[ListenPort] = []
    if stage is None:
        return out
    for st in stage.chain:
        for ins in st.instructions:
            if isinstance(ins, Expose):
                for a in ins.args:
                    out += [ListenPort(p, "EXPOSE", Located(a.value, a.span)) for p in ports_of(a.value)]
    return out


__all__ = ["BIND_FLAGS", "IMAGE_PORTS", "PORT_FLAGS", "exposed_ports", "ports_of"]
