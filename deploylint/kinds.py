"""Artifact kinds: how files are recognised, which parser reads them and where their rules live.

This is the one place a new kind plugs in. Classification by name is cheap (no parser is imported);
content sniffing is only used for files given explicitly whose name says nothing.
"""

from __future__ import annotations

import fnmatch
import re
from enum import StrEnum
from pathlib import PurePosixPath


class Kind(StrEnum):
    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    NGINX = "nginx"
    WORKFLOW = "workflow"
    ACTION = "action"
    ECS = "ecs"
    PM2 = "pm2"
    PROJECT = "project"
    CORE = "core"


PREFIX: dict[Kind, str] = {
    Kind.DOCKERFILE: "DKR",
    Kind.COMPOSE: "CMP",
    Kind.NGINX: "NGX",
    Kind.WORKFLOW: "GHA",
    Kind.ACTION: "GHA",
    Kind.ECS: "ECS",
    Kind.PM2: "PM2",
    Kind.PROJECT: "PRJ",
    Kind.CORE: "CORE",
}

#: module holding ``parse(src, env) -> Parsed`` for each file kind
PARSER_MODULE: dict[Kind, str] = {
    Kind.DOCKERFILE: "deploylint.parsers.dockerfile",
    Kind.COMPOSE: "deploylint.parsers.compose",
    Kind.NGINX: "deploylint.parsers.nginx",
    Kind.WORKFLOW: "deploylint.parsers.workflow",
    Kind.ACTION: "deploylint.parsers.workflow",
    Kind.ECS: "deploylint.parsers.ecs",
    Kind.PM2: "deploylint.parsers.pm2",
}

#: package whose modules define the rules of each kind
RULE_PACKAGE: dict[Kind, str] = {
    Kind.DOCKERFILE: "deploylint.rules.dockerfile",
    Kind.COMPOSE: "deploylint.rules.compose",
    Kind.NGINX: "deploylint.rules.nginx",
    Kind.WORKFLOW: "deploylint.rules.workflow",
    Kind.ACTION: "deploylint.rules.workflow",
    Kind.ECS: "deploylint.rules.ecs",
    Kind.PM2: "deploylint.rules.pm2",
    Kind.PROJECT: "deploylint.rules.project",
    Kind.CORE: "deploylint.rules.core",
}

FILE_KINDS = (Kind.DOCKERFILE, Kind.COMPOSE, Kind.NGINX, Kind.WORKFLOW, Kind.ACTION, Kind.ECS, Kind.PM2)

_NGINX_DIRS = {"nginx", "conf.d", "sites-available", "sites-enabled", "snippets", "templates"}
_COMPOSE_RE = re.compile(r"^(?:docker-compose.*|compose(?:\..*)?)\.ya?ml$", re.IGNORECASE)


def classify(path: PurePosixPath) -> Kind | None:
    """The kind a file's name and place say it is, or None."""
    name = path.name
    lower = name.lower()
    if lower.endswith(".dockerignore"):  # Dockerfile.prod.dockerignore belongs to Dockerfile.prod
        return None
    if (
        name in ("Dockerfile", "Containerfile")
        or name.startswith(("Dockerfile.", "Dockerfile-", "Containerfile."))
        or lower.endswith((".dockerfile", ".containerfile"))
    ):
        return Kind.DOCKERFILE
    if lower in PM2_NAMES:
        return Kind.PM2
    parts = path.parts
    if lower.endswith((".yml", ".yaml")):
        if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
            return Kind.WORKFLOW
        if lower in ("action.yml", "action.yaml"):
            return Kind.ACTION
        if _COMPOSE_RE.match(name):
            return Kind.COMPOSE
        return None
    if lower in ECS_NAMES:
        return Kind.ECS
    if lower == "nginx.conf" or lower.endswith(".conf.template"):
        return Kind.NGINX
    if lower.endswith(".conf") and any(p in _NGINX_DIRS for p in parts[:-1]):
        return Kind.NGINX
    return None


_NGINX_SNIFF = re.compile(
    r"^[ \t]*(?:server|http|events|location|upstream)\b[^;{]*\{|^[ \t]*(?:listen|server_name|proxy_pass|"
    r"worker_processes|include|root|add_header)\s+[^;\n]*;",
    re.MULTILINE,
)
_DOCKER_SNIFF = re.compile(r"^[ \t]*FROM[ \t]+\S", re.MULTILINE | re.IGNORECASE)
_YAML_SERVICES = re.compile(r"^services\s*:", re.MULTILINE)
_YAML_JOBS = re.compile(r"^jobs\s*:", re.MULTILINE)
_YAML_RUNS = re.compile(r"^runs\s*:", re.MULTILINE)


def sniff(path: PurePosixPath, text: str) -> Kind | None:
    """Guess the kind of an explicitly given file from its content."""
    lower = path.name.lower()
    head = text[:65536]
    if lower.endswith((".yml", ".yaml")):
        if _YAML_JOBS.search(head):
            return Kind.WORKFLOW
        if _YAML_SERVICES.search(head):
            return Kind.COMPOSE
        if _YAML_RUNS.search(head):
            return Kind.ACTION
        return None
    if lower.endswith(".json"):
        return sniff_json(text)
    if lower.endswith((".conf", ".nginx", ".template")):
        return Kind.NGINX if _NGINX_SNIFF.search(head) else None
    if _DOCKER_SNIFF.search(head) and "dockerfile" in lower:
        return Kind.DOCKERFILE
    return None


#: PM2 ecosystem file names
PM2_NAMES = frozenset(
    {"ecosystem.config.js", "ecosystem.config.cjs", "ecosystem.config.mjs", "ecosystem.json", "ecosystem.yaml"}
    | {"ecosystem.yml", "pm2.json", "process.json"}
)
#: JSON file names that are ECS task definitions whatever they hold (so a broken one is reported)
ECS_NAMES = frozenset({"taskdef.json", "task-definition.json", "task_definition.json", "taskdefinition.json"})
_ECS_TASK_KEY = '"containerDefinitions"'
_ECS_SERVICE_KEYS = ('"serviceName"', '"taskDefinition"')


def sniff_json(head: str) -> Kind | None:
    """The kind of a ``*.json`` file by its content: an ECS task definition (``containerDefinitions``
    at the top level) or service definition (``serviceName`` and ``taskDefinition``), else None.

    A cheap text test first; then the top-level keys are read (stdlib ``json``: data only). A file
    that holds the key but is not valid JSON counts as ECS, so its syntax error is reported.
    """
    if not head.lstrip().startswith("{"):
        return None
    task = _ECS_TASK_KEY in head
    if not task and not all(k in head for k in _ECS_SERVICE_KEYS):
        return None
    import json

    try:
        data = json.loads(head)
    except (ValueError, RecursionError):
        return Kind.ECS
    if not isinstance(data, dict):
        return None
    if "containerDefinitions" in data or ("serviceName" in data and "taskDefinition" in data):
        return Kind.ECS
    inner = data.get("taskDefinition")  # the output of ``aws ecs describe-task-definition``
    return Kind.ECS if isinstance(inner, dict) and "containerDefinitions" in inner else None


def glob_match(relpath: str, pattern: str) -> bool:
    """gitignore-flavoured glob match used by excludes and per-file settings.

    A pattern without ``/`` matches the file name anywhere; otherwise it matches the relative path.
    ``**`` spans folders.
    """
    pattern = pattern.removeprefix("./")
    if "/" not in pattern.rstrip("/"):
        name = relpath.rsplit("/", 1)[-1]
        if fnmatch.fnmatchcase(name, pattern):
            return True
        return any(fnmatch.fnmatchcase(part, pattern.rstrip("/")) for part in relpath.split("/")[:-1])
    rx = glob_regex(pattern)
    return rx.match(relpath) is not None


_GLOB_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def glob_regex(pattern: str, *, dir_only: bool | None = None) -> re.Pattern[str]:
    """A compiled regex for a ``/``-separated glob: ``*`` and ``?`` stay within a folder, ``**``
    spans folders, and a match also covers everything below the matched path.

    ``dir_only`` (default: the pattern ends with ``/``) means the pattern names a folder: only
    paths below it match. Used by per-file settings and excludes, and by ``.dockerignore``.
    """
    if dir_only is None:
        dir_only = pattern.endswith("/")
    key = (pattern, dir_only)
    rx = _GLOB_CACHE.get(key)
    if rx is None:
        out = []
        i = 0
        body = pattern.strip("/")
        while i < len(body):
            c = body[i]
            if body.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
                continue
            if body.startswith("**", i):
                out.append(".*")
                i += 2
                continue
            if c == "*":
                out.append("[^/]*")
            elif c == "?":
                out.append("[^/]")
            else:
                out.append(re.escape(c))
            i += 1
        suffix = "/.*" if dir_only else "(?:/.*)?"
        rx = re.compile("^" + "".join(out) + suffix + "$")
        _GLOB_CACHE[key] = rx
    return rx
