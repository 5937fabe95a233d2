"""Host name and address classification shared by the resolver rules."""

from __future__ import annotations

import ipaddress

from deploylint.models.urls import split_host_port

INTERNAL_SUFFIXES = (
    ".internal",
    ".intranet",
    ".private",
    ".corp",
    ".home",
    ".lan",
    ".localdomain",
    ".local",
    ".localhost",
    ".test",
    ".example",
    ".invalid",
    ".onion",
    ".arpa",
    ".consul",
    ".vault",
    ".nomad",
    ".mesos",
    ".svc",
    ".pod",
    ".docker",
    ".novalocal",
    ".openstacklocal",
    ".home.arpa",
)
SERVICE_WORDS = frozenset(
    [
        "api",
        "app",
        "web",
        "backend",
        "frontend",
        "service",
        "db",
        "database",
        "cache",
        "redis",
        "worker",
        "proxy",
        "gateway",
        "admin",
        "auth",
    ]
)

ENV_WORDS = frozenset(["prod", "production", "staging", "stage", "dev", "development", "qa", "uat", "int"])


def ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_internal_host(host: str) -> bool:
    """True for IPs in private/loopback/link-local ranges and for names that cannot be public."""
    host = host.lower().rstrip(".")
    ip = ip_of(host)
    if ip is not None:
        return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
    if "." not in host or host.startswith("unix:"):
        return True
    if host.endswith(INTERNAL_SUFFIXES):
        return True
    labels = host.split(".")
    return len(labels) == 2 and labels[0] in SERVICE_WORDS and labels[1] in ENV_WORDS


__all__ = ["INTERNAL_SUFFIXES", "ip_of", "is_internal_host", "split_host_port"]
