"""Upstream addresses as nginx writes them (``proxy_pass http://api:8080/``, ``server
127.0.0.1:3000``): their parts, the default port of a scheme, and the hosts that mean this
machine."""

from __future__ import annotations

import re

#: ``[scheme://]host[:port][/path or ?query]``; an IPv6 host is written in brackets
URL = re.compile(r"^(?:(?P<scheme>[a-z]+)://)?(?P<host>\[[^\]]*\]|[^/:?]+)(?::(?P<port>\d+))?(?P<path>[/?].*)?$")

#: the port an address of each scheme goes to when it names none
DEFAULT_PORT = {"http": 80, "https": 443, "grpc": 80, "grpcs": 443}

#: hosts that mean "this machine" in an upstream address
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})

#: the nginx directives whose first argument is the address requests are passed to
PASS_DIRECTIVES = ("proxy_pass", "fastcgi_pass", "grpc_pass", "uwsgi_pass", "scgi_pass")


__all__ = ["DEFAULT_PORT", "LOCAL_HOSTS", "PASS_DIRECTIVES", "URL"]
