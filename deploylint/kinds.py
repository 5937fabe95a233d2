"""Artifact kinds: how files are recognised, which parser reads them and where their rules live.

This is the one place a new kind plugs in. Classification by name is cheap (no parser is imported).
Where a name suggests a kind without proving it (any ``.conf`` for nginx, a ``.yml`` for Compose,
``dockerfile`` spelt another way), the engine confirms it on the text it reads anyway
(:func:`confirm`), so a file is read once. Template sources (``*.j2``, ``Dockerfile.template``...)
are not discovered; nginx envsubst templates are, with placeholders masked (:func:`mask_placeholders`).
"""

from __future__ import annotations

import fnmatch
import re
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Literal


class Kind(StrEnum):
    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    NGINX = "nginx"
    WORKFLOW = "workflow"
    ACTION = "action"
    DEPENDABOT = "dependabot"
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
    Kind.DEPENDABOT: "GHA",
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
    Kind.DEPENDABOT: "deploylint.parsers.dependabot",
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
    Kind.DEPENDABOT: "deploylint.rules.dependabot",
    Kind.ECS: "deploylint.rules.ecs",
    Kind.PM2: "deploylint.rules.pm2",
    Kind.PROJECT: "deploylint.rules.project",
    Kind.CORE: "deploylint.rules.core",
}

FILE_KINDS = (
    Kind.DOCKERFILE,
    Kind.COMPOSE,
    Kind.NGINX,
    Kind.WORKFLOW,
    Kind.ACTION,
    Kind.DEPENDABOT,
    Kind.ECS,
    Kind.PM2,
)

#: the rule that reports a file's read, parse and schema problems, where it is not ``<PREFIX>000``:
#: dependabot files carry GitHub's prefix, and ``GHA000`` is the workflow syntax rule
PARSE_RULE: dict[Kind, str] = {Kind.DEPENDABOT: "GHA062"}
_PARSE_RULES = frozenset(PARSE_RULE.values())


def parse_rule(kind: Kind) -> str:
    """The id of the rule that reports ``kind``'s unreadable, unparsable or invalid files."""
    return PARSE_RULE.get(kind) or f"{PREFIX[kind]}000"


def is_parse_rule(rule_id: str) -> bool:
    """Whether ``rule_id`` reports files that could not be read or parsed (``DKR000``, ``GHA062``...):
    such findings are always kept unless the rule is ignored by its exact id."""
    return rule_id.endswith("000") or rule_id in _PARSE_RULES


_NGINX_DIRS = {"nginx", "conf.d", "sites-available", "sites-enabled", "snippets", "templates"}
#: folders whose files are nginx server blocks whatever their names (``sites-enabled/example.com``)
_NGINX_SITE_DIRS = {"sites-available", "sites-enabled"}
_COMPOSE_RE = re.compile(r"^(?:docker-compose.*|compose(?:\..*)?)\.ya?ml$", re.IGNORECASE)
#: ``Dockerfile`` in any case, alone or with a ``.``/``-``/``_`` suffix (``dockerfile``, ``Dockerfile_dev``)
_DOCKERFILE_RE = re.compile(r"^(?:dockerfile|containerfile)(?:[._-].+)?$", re.IGNORECASE)
#: extensions that make a ``Dockerfile.<ext>`` (or ``sites-enabled/<name>``) something else: source,
#: docs, data, backups
_OTHER_EXT = frozenset(
    [
        "go",
        "py",
        "js",
        "mjs",
        "cjs",
        "ts",
        "tsx",
        "jsx",
        "rs",
        "rb",
        "java",
        "kt",
        "php",
        "c",
        "h",
        "cc",
        "cpp",
        "cs",
        "swift",
        "sh",
        "bash",
        "ps1",
        "bat",
        "md",
        "rst",
        "txt",
        "adoc",
        "html",
        "json",
        "yml",
        "yaml",
        "toml",
        "xml",
        "ini",
        "cfg",
        "lock",
        "sum",
        "mod",
        "snap",
        "orig",
        "bak",
        "rej",
        "swp",
        "tmp",
        "log",
        "patch",
        "diff",
        "png",
        "svg",
    ]
)
#: extensions of template sources (rendered before anything runs them)
TEMPLATE_EXT = (".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".in", ".template", ".mustache", ".hbs", ".erb")


def template_of(path: PurePosixPath) -> str | None:
    """Why a file is a template source that is not discovered by default, or None.

    nginx envsubst templates (``*.conf.template``, anything in a ``templates/`` folder next to
    nginx files, as the official image renders ``/etc/nginx/templates/*.template``) are the
    exception: they are nginx files, parsed with their placeholders masked (:func:`mask_placeholders`).
    """
    lower = path.name.lower()
    if not lower.endswith(TEMPLATE_EXT):
        return None
    if _nginx_template(path):
        return None
    return f"template source ({lower[lower.rindex('.') :]}); set `kinds` to lint it"


def _nginx_template(path: PurePosixPath) -> bool:
    """``*.conf.template``, or ``<name>.template`` (no other suffix) in a ``templates/`` folder."""
    lower = path.name.lower()
    return lower.endswith(".conf.template") or (
        lower.endswith(".template") and lower.count(".") == 1 and "templates" in path.parts[:-1]
    )


def classify(path: PurePosixPath) -> Kind | None:
    """The kind a file's name and place say it is, or None.

    nginx files found this way are still confirmed by content (:func:`confirm`); so are
    Dockerfiles whose name is not spelt the canonical way (``dockerfile``, ``Dockerfile_dev``).
    """
    name = path.name
    lower = name.lower()
    if lower.endswith(".dockerignore"):  # Dockerfile.prod.dockerignore belongs to Dockerfile.prod
        return None
    if template_of(path) is not None:
        return None
    if lower.endswith((".dockerfile", ".containerfile")) or (
        _DOCKERFILE_RE.match(name) and lower.rsplit(".", 1)[-1] not in _OTHER_EXT
    ):
        return Kind.DOCKERFILE
    if lower in PM2_NAMES:
        return Kind.PM2
    parts = path.parts
    if lower.endswith((".yml", ".yaml")):
        if lower in DEPENDABOT_NAMES and len(parts) >= 2 and parts[-2] == ".github":
            return Kind.DEPENDABOT
        if len(parts) >= 3 and parts[-3] == ".github" and parts[-2] == "workflows":
            return Kind.WORKFLOW
        if lower in ("action.yml", "action.yaml"):
            return Kind.ACTION
        if _COMPOSE_RE.match(name):
            return Kind.COMPOSE
        return None
    if lower in ECS_NAMES:
        return Kind.ECS
    if lower in ("nginx.conf", "nginx.conf.template") or lower.endswith((".nginx", ".nginxconf")):
        return Kind.NGINX
    if _nginx_template(path):
        return Kind.NGINX
    if lower.endswith(".conf") and any(p in _NGINX_DIRS for p in parts[:-1]):
        return Kind.NGINX
    if len(parts) >= 2 and parts[-2] in _NGINX_SITE_DIRS and lower.rsplit(".", 1)[-1] not in _OTHER_EXT:
        return Kind.NGINX
    return None


def canonical_name(path: PurePosixPath, kind: Kind) -> bool:
    """Whether the name alone is proof of the kind (else :func:`confirm` reads the text)."""
    if kind is Kind.NGINX:
        return False
    if kind is Kind.DOCKERFILE:
        name = path.name
        return (
            name in ("Dockerfile", "Containerfile")
            or name.startswith(("Dockerfile.", "Dockerfile-", "Containerfile."))
            or name.lower().endswith((".dockerfile", ".containerfile"))
        )
    return True


def candidate(path: PurePosixPath) -> Kind | None:
    """The kind a file of no known name may have by content: Compose for YAML, nginx for ``.conf``.

    Never for YAML under ``.github/`` (workflows, issue forms, dependabot) or for names that
    belong to other YAML tools; :func:`confirm` decides from the text.
    """
    lower = path.name.lower()
    if lower.endswith((".yml", ".yaml")):
        if ".github" in path.parts[:-1] or lower in _OTHER_YAML or lower.startswith(_OTHER_YAML_PREFIX):
            return None
        return Kind.COMPOSE
    if lower.endswith(".conf"):
        return Kind.NGINX
    if lower.endswith(".json") and lower not in _OTHER_JSON and not lower.startswith(_OTHER_JSON_PREFIX):
        return Kind.ECS
    return None


#: JSON files of other tools, never read as ECS candidates
_OTHER_JSON = frozenset(
    {"package.json", "package-lock.json", "composer.json", "composer.lock", "renovate.json", ".renovaterc.json"}
    | {"lerna.json", "nx.json", "turbo.json", "vercel.json", "app.json", "manifest.json", "angular.json"}
    | {"devcontainer.json", ".devcontainer.json", "launch.json", "settings.json", "extensions.json", "biome.json"}
)
_OTHER_JSON_PREFIX = ("tsconfig", "jsconfig", ".eslintrc", ".prettierrc", ".babelrc", "babel.config")

#: YAML files of other tools, never read as Compose candidates (saves reading them)
_OTHER_YAML = frozenset(
    [
        ".gitlab-ci.yml",
        ".travis.yml",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
        "mkdocs.yml",
        "mkdocs.yaml",
        "dependabot.yml",
        "codecov.yml",
        ".codecov.yml",
        ".golangci.yml",
        ".golangci.yaml",
        "pnpm-lock.yaml",
        "pnpm-workspace.yaml",
        "chart.yaml",
        "openapi.yaml",
        "openapi.yml",
        "swagger.yaml",
        "swagger.yml",
        ".readthedocs.yaml",
        ".readthedocs.yml",
        "pubspec.yaml",
        "environment.yml",
        ".yamllint.yml",
        ".yamllint.yaml",
    ]
)
_OTHER_YAML_PREFIX = ("values", ".woodpecker", ".drone", "bitbucket-pipelines", "azure-pipelines", "serverless")

#: the largest file read to decide its kind by content (Compose files are a few kB)
SNIFF_MAX_BYTES = 512 * 1024


def confirm(kind: Kind, path: PurePosixPath, text: str) -> str | None:
    """None when ``text`` is a file of ``kind``, else why it is not (shown by ``--verbose``).

    Used for files whose name suggests the kind without proving it (:func:`canonical_name`) and
    for content candidates (:func:`candidate`). Reads only ``text`` (the engine's one read).
    """
    if kind is Kind.NGINX:
        return _not_nginx(text, named=classify(path) is Kind.NGINX)
    if kind is Kind.COMPOSE:
        return _not_compose(text)
    if kind is Kind.DOCKERFILE:
        return None if _DOCKER_SNIFF.search(text[:65536]) else "no FROM instruction; not a Dockerfile"
    if kind is Kind.ECS:
        if path.name.lower() in ECS_NAMES:
            return None
        return None if sniff_json(text) is Kind.ECS else "no containerDefinitions or serviceName; not an ECS definition"
    return None


# -- nginx by content ---------------------------------------------------------------------------------
#: block directives nginx files open at their top level
_NGINX_BLOCKS = frozenset(
    ["server", "http", "events", "upstream", "location", "map", "stream", "mail", "geo", "split_clients", "types"]
)
#: directive names (and name prefixes) of nginx, as statements ending in ``;``
_NGINX_NAMES = frozenset(
    [
        "listen",
        "server_name",
        "try_files",
        "error_page",
        "access_log",
        "error_log",
        "add_header",
        "sendfile",
        "tcp_nopush",
        "tcp_nodelay",
        "keepalive_timeout",
        "log_format",
        "default_type",
        "worker_processes",
        "worker_connections",
        "worker_rlimit_nofile",
        "server_tokens",
        "expires",
        "autoindex",
        "resolver",
        "set_real_ip_from",
        "real_ip_header",
        "real_ip_recursive",
        "charset",
        "more_set_headers",
        "more_clear_headers",
        "load_module",
        "rewrite",
        "return",
        "root",
        "index",
        "alias",
        "allow",
        "deny",
        "include",
        "set",
        "valid_referers",
        "internal",
        "satisfy",
        "etag",
        "default_type",
        "userid",
        "uwsgi_pass",
    ]
)
_NGINX_PREFIXES = (
    "proxy_",
    "fastcgi_",
    "uwsgi_",
    "scgi_",
    "grpc_",
    "memcached_",
    "ssl_",
    "http2",
    "http3",
    "quic_",
    "gzip",
    "gunzip",
    "brotli",
    "client_",
    "large_client_header",
    "limit_",
    "auth_",
    "access_",
    "error_",
    "log_",
    "open_file_cache",
    "open_log_file_cache",
    "keepalive",
    "lingering_",
    "send_",
    "reset_timedout",
    "msie_",
    "max_ranges",
    "output_buffers",
    "postpone_output",
    "server_",
    "types_hash",
    "variables_hash",
    "map_hash",
    "real_ip",
    "set_real_ip",
    "sub_filter",
    "ssi",
    "lua_",
    "js_",
    "keyval",
    "more_",
    "add_",
    "stub_status",
    "status_zone",
    "sticky",
    "health_check",
    "secure_link",
    "image_filter",
    "geoip",
    "vhost_traffic_status",
    "pagespeed",
    "modsecurity",
    "ignore_invalid_headers",
    "underscores_in_headers",
    "merge_slashes",
    "port_in_redirect",
    "absolute_redirect",
    "recursive_error_pages",
    "chunked_transfer_encoding",
    "subrequest_output",
    "worker_",
    "tcp_",
    "sendfile",
    "directio",
    "aio",
)
_WORD_END = re.compile(r"[\s;{]")
_INI_SECTION = re.compile(r"\[[^\[\]\n]*+\]")
_KEY_VALUE = re.compile(r"^[A-Za-z_][\w.\-]*+[ \t]*+=")
#: a Jinja expression, statement or comment tag (no brace inside, so a search stays linear)
_JINJA = re.compile(r"\{\{[^{}\n]*+\}\}|\{%[^{}%\n]*+%\}|\{#[^{}#\n]*+#\}")


def _nginx_name(word: str) -> bool:
    return (
        word in _NGINX_NAMES
        or word in _NGINX_BLOCKS
        or word.startswith(_NGINX_PREFIXES)
        or word.endswith("_by_lua_block")
    )


def _not_nginx(text: str, *, named: bool) -> str | None:
    """Why ``text`` is not an nginx configuration, or None.

    Top-level statements (outside any ``{ }``) are read: an ini ``[section]``, ``};`` or a Jinja
    ``{{ }}``/``{% %}`` anywhere says it is not; ``key = value`` lines must not outnumber
    statements. A file whose name or folder says nginx (``nginx.conf``, ``conf.d/x.conf``) needs
    one statement ending in ``;`` or ``{``; any other ``.conf`` needs top-level statements named
    as nginx names them (``server {``, ``upstream x {``, ``listen``, ``proxy_*``, ``include``...),
    no fewer than the others.
    """
    depth = 0
    statements = key_values = known = 0
    lua = content = False
    head = ""  # first word of a statement that goes on past its line
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        content = True
        if _JINJA.search(line):
            return "template placeholders ({{ }} or {% %}); not nginx as written"
        code = line.split(" #", 1)[0].rstrip() if " #" in line else line
        lua = lua or "_by_lua_block" in code
        if code.startswith("};") and not lua:  # BIND, C, JavaScript; a Lua table may end so
            return "'};' closes a block; not nginx"
        if depth == 0:
            if _INI_SECTION.fullmatch(code):
                return f"ini-style section {code!r}; not nginx"
            if code.endswith((";", "{", "}")) and code[0] != "}":
                # 'name args;', 'name args {', a whole block on one line ('events {}'), the end
                # of a statement begun above, or the '{' of a block named above (Allman style)
                statements += 1
                if head and (raw[0].isspace() or code[0] in "{\"'"):
                    word = head
                else:
                    word = _WORD_END.split(code, maxsplit=1)[0].strip("\"'")
                head = ""
                known += _nginx_name(word) or (word == "if" and "(" in code and "$" in code)
            elif _KEY_VALUE.match(code):
                key_values += 1
            elif not head:
                head = _WORD_END.split(code, maxsplit=1)[0].strip("\"'")
        opened = code.count("{") - code.count("${")
        depth = max(0, depth + opened - code.count("}") + code.count("${"))
    if not content:
        return None if named else "no nginx directive"
    if key_values > statements:
        return "'key = value' lines; not nginx"
    if statements == 0:
        return "no nginx statement ending in ';' or '{'"
    if not named and (not known or known < statements - known):
        return "no top-level nginx block or directive"
    return None


# -- Compose by content -------------------------------------------------------------------------------
_TOP_KEY = re.compile(r"^(?![\s#'\"-])([^:\n]+?)[ \t]*:(?:[ \t\r]|$)", re.MULTILINE)


def _not_compose(text: str) -> str | None:
    """Why YAML ``text`` is not a Compose file, or None.

    A Compose file has a top-level ``services:`` mapping, only Compose keys at the top (``x-``
    extensions allowed) and, for the first service, at least one service key. The test reads
    top-level lines only: no YAML is loaded.
    """
    from deploylint.parsers._compose_schema import TABLES

    top = TABLES["top"]
    service_keys = TABLES["service"]
    keys: list[tuple[str, int]] = []
    for m in _TOP_KEY.finditer(text):
        keys.append((m.group(1), m.end()))
    if not any(k == "services" for k, _ in keys):
        return "no top-level 'services:'; not Compose"
    for k, _ in keys:
        if k not in top and not k.startswith("x-") and k not in ("---", "..."):
            return f"top-level key {k!r} is not Compose's"
    if sum(1 for ln in text.splitlines() if ln.startswith("---")) > 1:
        return "several YAML documents; not Compose"
    end = next(e for k, e in keys if k == "services")
    rest = text[end:]
    first = rest.lstrip(" \t")
    if first.startswith("{"):
        return None
    if first and not first.startswith(("\n", "\r", "#")):
        return "'services:' is not a mapping; not Compose"
    body: list[str] = []
    for ln in rest.splitlines()[1:]:
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        if not ln[0].isspace():
            break
        body.append(ln)
    if not body or body[0].lstrip().startswith("-"):
        return "'services:' is not a mapping; not Compose"
    indent = len(body[0]) - len(body[0].lstrip())
    for ln in body[1:]:
        stripped = ln.lstrip()
        if len(ln) - len(stripped) <= indent:
            if stripped.startswith("-"):
                continue
            break  # the second service: the first one had no service key
        key = stripped.split(":", 1)[0].strip()
        if key in service_keys or key == "<<":
            return None
    if body[0].rstrip().endswith(("}", "null", "~")):
        return None
    return "the first service has no Compose service key; not Compose"


_DOCKER_SNIFF = re.compile(r"^[ \t]*FROM[ \t]+\S", re.MULTILINE | re.IGNORECASE)
_YAML_JOBS = re.compile(r"^jobs\s*:", re.MULTILINE)
_YAML_RUNS = re.compile(r"^runs\s*:", re.MULTILINE)
_YAML_UPDATES = re.compile(r"^updates\s*:", re.MULTILINE)
_YAML_VERSION_2 = re.compile(r"^version\s*:\s*['\"]?2\b", re.MULTILINE)
#: the names GitHub reads a Dependabot configuration from, in the repository's ``.github/`` folder
DEPENDABOT_NAMES = ("dependabot.yml", "dependabot.yaml")


def sniff(path: PurePosixPath, text: str) -> Kind | None:
    """Guess the kind of an explicitly given file from its content."""
    if template_of(path) is not None:
        return None
    lower = path.name.lower()
    head = text[:65536]
    if lower.endswith((".yml", ".yaml")):
        if _YAML_JOBS.search(head):
            return Kind.WORKFLOW
        if lower in DEPENDABOT_NAMES or (_YAML_UPDATES.search(head) and _YAML_VERSION_2.search(head)):
            return Kind.DEPENDABOT
        if _not_compose(text) is None:
            return Kind.COMPOSE
        if _YAML_RUNS.search(head):
            return Kind.ACTION
        return None
    if lower.endswith(".json"):
        return sniff_json(text)
    if lower.endswith((".conf", ".nginx", ".template")):
        return Kind.NGINX if _not_nginx(text, named=False) is None else None
    if _DOCKER_SNIFF.search(head) and "dockerfile" in lower:
        return Kind.DOCKERFILE
    return None


_PLACEHOLDER_LINE = re.compile(r"^[ \t]*+(?:%%\w+%%|\$\{\w+\}|\$\w+|@\w+@|\{\{[^{}\n]*+\}\})[ \t]*+$", re.MULTILINE)


def mask_placeholders(path: PurePosixPath, text: str) -> str:
    """``text`` of a template with its placeholders masked, so that parsing it reports no syntax
    error they cause: a line that is only a placeholder (``%%EXTRA%%``, ``${EXTRA}``,
    ``{{ block }}``) and Jinja tags ``{% %}``/``{# #}`` become spaces, an inline ``{{ x }}``
    becomes ``_`` characters. Lengths stay, so every span is the same in the original text.
    Files whose name is not a template's are returned unchanged.
    """
    if not path.name.lower().endswith(TEMPLATE_EXT):
        return text
    text = _PLACEHOLDER_LINE.sub(lambda m: " " * len(m.group(0)), text)

    def inline(m: re.Match[str]) -> str:
        s = m.group(0)
        return ("_" if s.startswith("{{") else " ") * len(s)

    return _JINJA.sub(inline, text)


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


# states of a compiled glob (an NFA run as a lazily built DFA)
_LIT, _ONE, _STAR, _DSTAR, _OPT_DIRS, _DIRS_LOOP, _END, _TAIL = range(8)
#: transitions a glob caches; past this many it still matches, computing the rest as it goes
_MAX_CACHED_STEPS = 4096


class Glob:
    """A compiled ``/``-separated glob (see :func:`glob_regex`), matched in one pass.

    The pattern is a small automaton whose state sets are stepped once per character of the
    path (transitions are cached), so a match costs at most path length x pattern length: a
    translated regex backtracked exponentially on ``x/*a*a*a...*b`` against a long name.
    """

    __slots__ = ("_closure", "_dir_only", "_kinds", "_start", "_steps", "_text")

    def __init__(self, pattern: str, dir_only: bool) -> None:
        kinds: list[int] = []
        text: list[str] = []
        body = pattern.strip("/")
        i = 0
        while i < len(body):
            if body.startswith("**/", i):
                kinds += [_OPT_DIRS, _DIRS_LOOP]  # (?:.*/)?: nothing, or anything up to a "/"
                text += ["", ""]
                i += 3
                continue
            if body.startswith("**", i):
                kinds.append(_DSTAR)  # .*
                text.append("")
                i += 2
                continue
            c = body[i]
            kinds.append(_STAR if c == "*" else _ONE if c == "?" else _LIT)  # [^/]*, [^/], itself
            text.append(c)
            i += 1
        kinds += [_END, _TAIL]
        text += ["", ""]
        self._kinds = tuple(kinds)
        self._text = tuple(text)
        self._dir_only = dir_only
        self._closure = tuple(self._close(s) for s in range(len(kinds)))
        self._start = self._closure[0]
        self._steps: dict[tuple[frozenset[int], str], frozenset[int]] = {}

    def _close(self, state: int) -> frozenset[int]:
        """``state`` and the states reachable from it without reading a character."""
        out = {state}
        todo = [state]
        while todo:
            s = todo.pop()
            kind = self._kinds[s]
            nxt = (s + 1,) if kind in (_STAR, _DSTAR) else (s + 1, s + 2) if kind == _OPT_DIRS else ()
            for n in nxt:
                if n not in out:
                    out.add(n)
                    todo.append(n)
        return frozenset(out)

    def _step(self, states: frozenset[int], c: str) -> frozenset[int]:
        out: set[int] = set()
        close = self._closure
        for s in states:
            kind = self._kinds[s]
            if kind == _LIT:
                if c == self._text[s]:
                    out |= close[s + 1]
            elif kind == _ONE:
                if c != "/":
                    out |= close[s + 1]
            elif kind == _STAR:
                if c != "/":
                    out |= close[s]
            elif kind == _DSTAR:
                out |= close[s]
            elif kind == _DIRS_LOOP:
                out.add(s)
                if c == "/":
                    out |= close[s + 1]
            elif kind == _END:
                if c == "/":
                    out.add(s + 1)
            elif kind == _TAIL:
                out.add(s)
        return frozenset(out)

    def match(self, path: str) -> Literal[True] | None:
        """True when ``path`` matches the whole glob (or lies below what it matches), else None."""
        states = self._start
        steps = self._steps
        for c in path:
            key = (states, c)
            nxt = steps.get(key)
            if nxt is None:
                nxt = self._step(states, c)
                if len(steps) < _MAX_CACHED_STEPS:
                    steps[key] = nxt
            if not nxt:
                return None
            states = nxt
        tail = len(self._kinds) - 1
        return True if tail in states or (not self._dir_only and tail - 1 in states) else None


_GLOB_CACHE: dict[tuple[str, bool], Glob] = {}


def glob_regex(pattern: str, *, dir_only: bool | None = None) -> Glob:
    """A compiled matcher for a ``/``-separated glob: ``*`` and ``?`` stay within a folder, ``**``
    spans folders, and a match also covers everything below the matched path. Every other
    character stands for itself. ``.match(path)`` is True or None, as a regex match would be.

    ``dir_only`` (default: the pattern ends with ``/``) means the pattern names a folder: only
    paths below it match. Used by per-file settings and excludes, and by ``.dockerignore``.
    """
    if dir_only is None:
        dir_only = pattern.endswith("/")
    key = (pattern, dir_only)
    rx = _GLOB_CACHE.get(key)
    if rx is None:
        rx = _GLOB_CACHE[key] = Glob(pattern, dir_only)
    return rx
