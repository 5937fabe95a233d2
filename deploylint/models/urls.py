"""URLs written in artifacts: upstream addresses as nginx writes them, and which URLs use a
plaintext scheme to reach a host on the network.

Upstream addresses (``proxy_pass http://api:8080/``, ``server 127.0.0.1:3000``): their parts, the
default port of a scheme, and the hosts that mean this machine.

``http://`` sends and receives without integrity or encryption, and ``git://`` is git's legacy
plaintext transport: anyone on the path can change what is fetched. A URL whose host is this
machine, a private address or a single-label name (a service container, a docker network alias)
does not cross the internet and is not reported; a host computed at run time (``$HOST``,
``${{ ... }}``) is unknown and not reported either.
"""

from __future__ import annotations

import ipaddress
import re

from deploylint.records import record

#: ``[scheme://]host[:port][/path or ?query]``; an IPv6 host is written in brackets
URL = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[^\]]*\]|[^/:?]+)(?::(?P<port>\d+))?(?P<path>[/?].*)?$")

#: the port an address of each scheme goes to when it names none
DEFAULT_PORT = {"http": 80, "https": 443, "grpc": 80, "grpcs": 443}

#: hosts that mean "this machine" in an upstream address
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})

#: the nginx directives whose first argument is the address requests are passed to
PASS_DIRECTIVES = ("proxy_pass", "fastcgi_pass", "grpc_pass", "uwsgi_pass", "scgi_pass")

#: insecure scheme -> what to use instead
INSECURE_SCHEMES: dict[str, str] = {"http": "https://", "git": "https:// or ssh://"}

#: name suffixes that never leave the local network (RFC 6761, RFC 8375, mDNS, cloud-internal)
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".invalid", ".lan", ".home.arpa", ".svc")


@record
class InsecureUrl:
    """A URL of ``text`` that uses an insecure scheme: where it starts, its scheme and host."""

    start: int
    scheme: str
    host: str

    @property
    def instead(self) -> str:
        return INSECURE_SCHEMES[self.scheme]


def insecure_url(text: str, start: int = 0) -> InsecureUrl | None:
    """The URL at ``text[start:]`` when it uses an insecure scheme to reach a public host, else None.

    The URL must begin at ``start`` (``http://example.com/x``); text around it is not searched.
    """
    scheme, sep, rest = text[start:].partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in INSECURE_SCHEMES:
        return None
    authority = rest
    for stop in "/?#":
        authority = authority.split(stop, 1)[0]
    host = split_host_port(authority.rpartition("@")[2]).lower().rstrip(".")
    if not host or any(c in host for c in "${}%*<>'\"` \\"):
        return None
    return None if is_local_host(host) else InsecureUrl(start, scheme, host)


def split_host_port(target: str) -> str:
    """The host of ``host``, ``host:port`` or ``[v6]:port``."""
    if target.startswith("["):
        return target[1:].partition("]")[0]
    if target.count(":") == 1:
        return target.partition(":")[0]
    return target


def is_local_host(host: str) -> bool:
    """``host`` is this machine, a private or link-local address, or a name that does not leave
    the local network (a single label such as a service container's name, ``*.local``...)."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_reserved
    if "." not in host or host == "localhost":
        return True
    if host.replace(".", "").isdigit():  # 10.1 or another partial IPv4 form
        return True
    return host.endswith(_LOCAL_SUFFIXES)


__all__ = [
    "DEFAULT_PORT",
    "INSECURE_SCHEMES",
    "LOCAL_HOSTS",
    "PASS_DIRECTIVES",
    "URL",
    "InsecureUrl",
    "insecure_url",
    "is_local_host",
    "split_host_port",
]
