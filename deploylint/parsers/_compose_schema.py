"""A hand-written table of the Compose Specification's keys and value shapes (for CMP000).

Shapes: ``s`` scalar (string or number), ``b`` boolean, ``l`` sequence, ``m`` mapping; a key may
allow several (``"sl"``: a string or a list). A mapping key may name a child table that checks the
keys below it. Measured: a table walk costs a few microseconds a file; jsonschema/pydantic
validation of the official schema would cost more than parsing.
"""

from __future__ import annotations

import re

from deploylint.models.base import Diagnostic
from deploylint.models.tree import YMap, YNode, YScalar, YSeq
from deploylint.suggest import closest

Spec = tuple[str, str | None]  # (shapes, child table)

TABLES: dict[str, dict[str, Spec]] = {
    "top": {
        "version": ("s", None),
        "name": ("s", None),
        "include": ("l", None),
        "services": ("m", None),
        "networks": ("m", None),
        "volumes": ("m", None),
        "secrets": ("m", None),
        "configs": ("m", None),
        "models": ("m", None),
    },
    "service": {
        "annotations": ("lm", None),
        "attach": ("b", None),
        "blkio_config": ("m", None),
        "build": ("sm", "build"),
        "cap_add": ("l", None),
        "cap_drop": ("l", None),
        "cgroup": ("s", None),
        "cgroup_parent": ("s", None),
        "command": ("sl", None),
        "configs": ("l", None),
        "container_name": ("s", None),
        "cpu_count": ("s", None),
        "cpu_percent": ("s", None),
        "cpu_period": ("s", None),
        "cpu_quota": ("s", None),
        "cpu_rt_period": ("s", None),
        "cpu_rt_runtime": ("s", None),
        "cpu_shares": ("s", None),
        "cpus": ("s", None),
        "cpuset": ("s", None),
        "credential_spec": ("m", None),
        "depends_on": ("lm", None),
        "deploy": ("m", "deploy"),
        "develop": ("m", None),
        "device_cgroup_rules": ("l", None),
        "devices": ("l", None),
        "dns": ("sl", None),
        "dns_opt": ("l", None),
        "dns_search": ("sl", None),
        "domainname": ("s", None),
        "driver_opts": ("m", None),
        "entrypoint": ("sl", None),
        "env_file": ("sl", None),
        "environment": ("lm", None),
        "expose": ("l", None),
        "extends": ("sm", "extends"),
        "external_links": ("l", None),
        "extra_hosts": ("lm", None),
        "gpus": ("sl", None),
        "group_add": ("l", None),
        "healthcheck": ("m", "healthcheck"),
        "hostname": ("s", None),
        "image": ("s", None),
        "init": ("b", None),
        "ipc": ("s", None),
        "isolation": ("s", None),
        "label_file": ("sl", None),
        "labels": ("lm", None),
        "links": ("l", None),
        "logging": ("m", "logging"),
        "mac_address": ("s", None),
        "mem_limit": ("s", None),
        "mem_reservation": ("s", None),
        "mem_swappiness": ("s", None),
        "memswap_limit": ("s", None),
        "models": ("lm", None),
        "network_mode": ("s", None),
        "networks": ("lm", None),
        "oom_kill_disable": ("b", None),
        "oom_score_adj": ("s", None),
        "pid": ("s", None),
        "pids_limit": ("s", None),
        "platform": ("s", None),
        "ports": ("l", None),
        "post_start": ("l", None),
        "pre_start": ("l", None),
        "pre_stop": ("l", None),
        "privileged": ("b", None),
        "profiles": ("l", None),
        "provider": ("m", None),
        "pull_policy": ("s", None),
        "pull_refresh_after": ("s", None),
        "read_only": ("b", None),
        "restart": ("s", None),
        "runtime": ("s", None),
        "scale": ("s", None),
        "secrets": ("l", None),
        "security_opt": ("l", None),
        "shm_size": ("s", None),
        "stdin_open": ("b", None),
        "stop_grace_period": ("s", None),
        "stop_signal": ("s", None),
        "storage_opt": ("m", None),
        "sysctls": ("lm", None),
        "tmpfs": ("sl", None),
        "tty": ("b", None),
        "ulimits": ("m", None),
        "use_api_socket": ("b", None),
        "user": ("s", None),
        "userns_mode": ("s", None),
        "uts": ("s", None),
        "volumes": ("l", None),
        "volumes_from": ("l", None),
        "working_dir": ("s", None),
    },
    "build": {
        "context": ("s", None),
        "dockerfile": ("s", None),
        "dockerfile_inline": ("s", None),
        "args": ("lm", None),
        "ssh": ("lm", None),
        "cache_from": ("l", None),
        "cache_to": ("l", None),
        "additional_contexts": ("lm", None),
        "entitlements": ("l", None),
        "extra_hosts": ("lm", None),
        "isolation": ("s", None),
        "labels": ("lm", None),
        "network": ("s", None),
        "no_cache": ("b", None),
        "platforms": ("l", None),
        "privileged": ("b", None),
        "pull": ("b", None),
        "provenance": ("s", None),
        "sbom": ("s", None),
        "secrets": ("l", None),
        "shm_size": ("s", None),
        "tags": ("l", None),
        "target": ("s", None),
        "ulimits": ("m", None),
    },
    "healthcheck": {
        "test": ("sl", None),
        "interval": ("s", None),
        "timeout": ("s", None),
        "retries": ("s", None),
        "start_period": ("s", None),
        "start_interval": ("s", None),
        "disable": ("b", None),
    },
    "deploy": {
        "mode": ("s", None),
        "replicas": ("s", None),
        "labels": ("lm", None),
        "endpoint_mode": ("s", None),
        "placement": ("m", None),
        "resources": ("m", "resources"),
        "restart_policy": ("m", "restart_policy"),
        "rollback_config": ("m", None),
        "update_config": ("m", None),
    },
    "resources": {"limits": ("m", "limits"), "reservations": ("m", "reservations")},
    "limits": {"cpus": ("s", None), "memory": ("s", None), "pids": ("s", None)},
    "reservations": {
        "cpus": ("s", None),
        "memory": ("s", None),
        "devices": ("l", None),
        "generic_resources": ("l", None),
    },
    "restart_policy": {
        "condition": ("s", None),
        "delay": ("s", None),
        "max_attempts": ("s", None),
        "window": ("s", None),
    },
    "logging": {"driver": ("s", None), "options": ("m", None)},
    "extends": {"service": ("s", None), "file": ("s", None)},
    "depends_on": {"condition": ("s", None), "restart": ("b", None), "required": ("b", None)},
    "network": {
        "driver": ("s", None),
        "driver_opts": ("m", None),
        "attachable": ("b", None),
        "enable_ipv4": ("b", None),
        "enable_ipv6": ("b", None),
        "external": ("bm", None),
        "internal": ("b", None),
        "ipam": ("m", None),
        "labels": ("lm", None),
        "name": ("s", None),
    },
    "top_volume": {
        "driver": ("s", None),
        "driver_opts": ("m", None),
        "external": ("bm", None),
        "labels": ("lm", None),
        "name": ("s", None),
    },
    "secret": {
        "file": ("s", None),
        "environment": ("s", None),
        "external": ("bm", None),
        "labels": ("lm", None),
        "name": ("s", None),
        "driver": ("s", None),
        "driver_opts": ("m", None),
        "template_driver": ("s", None),
    },
    "config": {
        "file": ("s", None),
        "environment": ("s", None),
        "content": ("s", None),
        "external": ("bm", None),
        "labels": ("lm", None),
        "name": ("s", None),
        "template_driver": ("s", None),
    },
    "port": {
        "name": ("s", None),
        "target": ("s", None),
        "published": ("s", None),
        "host_ip": ("s", None),
        "protocol": ("s", None),
        "app_protocol": ("s", None),
        "mode": ("s", None),
    },
    "volume": {
        "type": ("s", None),
        "source": ("s", None),
        "target": ("s", None),
        "read_only": ("b", None),
        "consistency": ("s", None),
        "bind": ("m", "bind_opts"),
        "volume": ("m", "volume_opts"),
        "tmpfs": ("m", "tmpfs_opts"),
        "image": ("m", None),
    },
    "bind_opts": {
        "propagation": ("s", None),
        "create_host_path": ("b", None),
        "selinux": ("s", None),
        "recursive": ("s", None),
    },
    "volume_opts": {"nocopy": ("b", None), "subpath": ("s", None)},
    "tmpfs_opts": {"size": ("s", None), "mode": ("s", None)},
    "file_ref": {
        "source": ("s", None),
        "target": ("s", None),
        "uid": ("s", None),
        "gid": ("s", None),
        "mode": ("s", None),
    },
}

#: (table, key) -> (allowed plain values, description); interpolated values are not judged
ENUMS: dict[tuple[str, str], tuple[re.Pattern[str], str]] = {
    ("service", "restart"): (
        re.compile(r"no|always|unless-stopped|on-failure(?::\d+)?"),
        "no, always, on-failure[:N] or unless-stopped",
    ),
    ("service", "pull_policy"): (
        re.compile(r"always|never|missing|if_not_present|build|daily|weekly|every_\w+"),
        "always, never, missing, build, daily, weekly or every_<duration>",
    ),
    ("depends_on", "condition"): (
        re.compile(r"service_started|service_healthy|service_completed_successfully"),
        "service_started, service_healthy or service_completed_successfully",
    ),
    ("restart_policy", "condition"): (re.compile(r"none|on-failure|any"), "none, on-failure or any"),
}

_SHAPE_WORDS = {"s": "a string or number", "b": "a boolean", "l": "a list", "m": "a mapping"}


def shape(node: YNode) -> str:
    if isinstance(node, YMap):
        return "m"
    if isinstance(node, YSeq):
        return "l"
    return "s"


def _ok(node: YNode, allowed: str) -> bool:
    if isinstance(node, YScalar):
        if node.is_null:
            return True  # an empty value is the default in most places
        if "b" in allowed:
            if node.style or node.value.lower() in ("true", "false") or "$" in node.value:
                return True
            return "s" in allowed
        return "s" in allowed
    return shape(node) in allowed


def expected(allowed: str) -> str:
    words = [_SHAPE_WORDS[c] for c in allowed]
    return " or ".join(words)


def suggest(key: str, table: str) -> str:
    close = closest(key, TABLES[table].keys())
    return f"; did you mean {close!r}?" if close else ""


def check_map(node: YMap, table: str, where: str, out: list[Diagnostic]) -> None:
    """Unknown keys and wrong value shapes below ``node`` (``x-`` extensions are free)."""
    specs = TABLES[table]
    for p in node.pairs:
        key = p.key.value
        if key.startswith("x-"):
            continue
        spec = specs.get(key)
        if spec is None:
            if not p.merged:
                out.append(Diagnostic(f"unknown key {key!r} in {where}{suggest(key, table)}", p.key.span))
            continue
        allowed, child = spec
        if not _ok(p.value, allowed):
            if not p.merged:
                got = {"m": "a mapping", "l": "a list", "s": "a scalar"}[shape(p.value)]
                msg = f"{where}: {key!r} must be {expected(allowed)}, not {got}"
                out.append(Diagnostic(msg, p.value.span))
            continue
        enum = ENUMS.get((table, key))
        v = p.value
        if enum is not None and isinstance(v, YScalar) and not v.is_null and "$" not in v.value and not p.merged:
            if not enum[0].fullmatch(v.value):
                out.append(Diagnostic(f"{where}: {key} {v.value!r} is not one of {enum[1]}", v.span))
        if child is not None and isinstance(p.value, YMap):
            check_map(p.value, child, f"{where}.{key}", out)
