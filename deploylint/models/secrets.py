"""Recognising secrets by name and by value format (shared by the Dockerfile, Compose, workflow and
project rules)."""

from __future__ import annotations

import itertools
import re

#: whole ``_``/``-``/``.``-separated words that make a name secret-like
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pword",
        "pass",
        "pwd",
        "secret",
        "token",
        "apikey",
        "authtoken",
        "credential",
        "credentials",
        "privatekey",
        "dsn",
    }
)
#: word pairs that do (``API_KEY``, ``ACCESS_KEY``, ``PRIVATE_KEY``, ``AUTH_TOKEN``...)
_SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("access", "key"),
        ("secret", "key"),
        ("private", "key"),
        ("client", "secret"),
        ("auth", "key"),
        ("signing", "key"),
        ("encryption", "key"),
        ("master", "key"),
    }
)
#: a last word that makes a secret-like name harmless (``PASSWORD_FILE``, ``TOKEN_URL``, ``SECRET_NAME``)
_HARMLESS_WORDS = frozenset(
    {
        "file",
        "path",
        "dir",
        "url",
        "version",
        "public",
        "id",
        "name",
        "user",
        "username",
        "length",
        "ttl",
        "expiry",
        "header",
        "type",
        "uri",
        "endpoint",
        "env",
        "var",
        "enabled",
        "policy",
        "min",
        "max",
        "method",
        "algorithm",
        "expiration",
        "expires",
        # units and counts: what a number under a secret-like name usually is (TOKEN_TTL_SECONDS)
        "seconds",
        "minutes",
        "hours",
        "days",
        "ms",
        "timeout",
        "interval",
        "size",
        "count",
        "rounds",
        "iterations",
        "bits",
        "retries",
        "attempts",
        "port",
    }
)
_PLACEHOLDERS = frozenset(
    {
        "dummy",
        "disabled",
        "unset",
        "tbd",
        "changeme",
        "change-me",
        "placeholder",
        "none",
        "null",
        "true",
        "false",
        "xxx",
        "redacted",
        "secret",
        "password",
        "example",
        "test",
        "todo",
        # vendors' documented defaults: well known, so not a secret (a weak password is another matter)
        "admin",
        "root",
        "guest",
        "minioadmin",
        "postgres",
        "mysql",
        "changeit",
        "deadbeef",
        "cafebabe",
    }
)
_WORD_SPLIT = re.compile(r"[_\-.]+|(?<=[a-z0-9])(?=[A-Z])")

#: credentials in a known format, whatever the variable is called (one list for every kind of file)
TOKEN_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{40,})")),
    ("AWS access key id", re.compile(r"(?:AKIA|ASIA)[0-9A-Z]{16}")),
    ("Slack token", re.compile(r"\bxox[abposr]-[0-9A-Za-z-]{10,}")),
    # the header and a line of key material: a header alone (or a few characters of body) is a
    # stub in test data, not a key
    ("private key", re.compile(r"-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----(?:\s|\\n)*[A-Za-z0-9+/=]{60}")),
    ("GitLab token", re.compile(r"\bglpat-[0-9A-Za-z_-]{20,}")),
    ("Stripe live key", re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}")),
    ("npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
    ("OpenAI key", re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}")),
    ("Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}")),
    ("PyPI token", re.compile(r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}")),
)


def name_is_secret(name: str) -> bool:
    """A variable name that says it holds a secret (``DB_PASSWORD``, ``apiToken``, ``SECRET_KEY_BASE``),
    unless its last word says it holds something about one (``PASSWORD_FILE``, ``ACCESS_KEY_ID``).

    One vocabulary for Dockerfile ``ENV``/``ARG``, compose ``environment:``, workflow ``env:``/``with:``
    and ``.env`` files; words are split on ``_``, ``-``, ``.`` and camelCase.
    """
    words = [w.lower() for w in _WORD_SPLIT.split(name) if w]
    if not words or words[-1] in _HARMLESS_WORDS:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


#: last words of names that hold an identifier, not a credential (``S3_BUCKET``, ``DOCKER_ORG``)
_IDENTIFIER_WORDS = frozenset(
    {"bucket", "org", "organization", "region", "project", "registry", "repo", "repository", "container"}
    | {"namespace", "cluster", "account", "owner", "host", "hostname", "domain", "image", "email", "login"}
)


def name_is_identifier(name: str) -> bool:
    """A name that says it holds an identifier or a location, not a credential (``DOCKER_ORG_NAME``,
    ``S3_BUCKET``, ``CODEBERG_USERNAME``, ``AZURE_ENDPOINT``), whatever store it is kept in. A name
    with a secret word anywhere (``DB_PASSWORD_USER`` aside from its last word) or ``webhook``
    (``SLACK_WEBHOOK_URL`` is the credential itself) is not one."""
    words = [w.lower() for w in _WORD_SPLIT.split(name) if w]
    if not words or "webhook" in words or any(w in _SECRET_WORDS for w in words):
        return False
    if any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words)):
        return False
    return words[-1] in _HARMLESS_WORDS or words[-1] in _IDENTIFIER_WORDS


def token_match(value: str) -> tuple[str, int, int] | None:
    """(kind, start, end) of the leftmost token in a known format in ``value``, or None."""
    best: tuple[str, int, int] | None = None
    for kind, rx in TOKEN_FORMATS:
        m = rx.search(value)
        if m is not None and (best is None or m.start() < best[1]):
            best = (kind, m.start(), m.end())
    return best


def token_format(value: str) -> str | None:
    """The kind of token ``value`` contains, if it is in a known format."""
    found = token_match(value)
    return found[0] if found is not None else None


def secret_kind(name: str, value: str, *, literal: bool = True) -> str | None:
    """``"name"`` for a secret-like name with a real-looking literal value, the token kind for a
    value in a known token format, else None."""
    kind = token_format(value)
    if kind is not None:
        return kind
    if not literal or not name_is_secret(name):
        return None
    v = value.strip()
    if len(v) < 4 or v.startswith("/") or is_placeholder(v):
        return None
    return "name"


#: words that mark a value as a stand-in for the real one (``your-secret-here``, ``change_me``)
_PLACEHOLDER_WORDS = frozenset(
    {
        "your",
        "yours",
        "changeme",
        "change",
        "changeit",
        "replace",
        "replaceme",
        "placeholder",
        "example",
        "sample",
        "dummy",
        "fake",
        "mock",
        "redacted",
        "todo",
        "fixme",
        "tbd",
        "insert",
        "notset",
        "unset",
    }
)
_PLACEHOLDER_PREFIXES = ("changeme", "replaceme", "changeit", "placeholder", "example", "dummy", "xxx")
_FILLER_CHARS = frozenset("xX*#.0-_")
#: values published as defaults everywhere (images' documented defaults, tutorial passwords)
_WELL_KNOWN = frozenset(
    {
        "postgres",
        "root",
        "admin",
        "administrator",
        "mysql",
        "mariadb",
        "mongo",
        "guest",
        "user",
        "pass",
        "passwd",
        "password1",
        "secret123",
        "supersecret",
        "topsecret",
        "mysecret",
        "mypassword",
        "secretpassword",
        "minioadmin",
        "rabbitmq",
        "redis",
        "keycloak",
        "docker",
        "default",
        "local",
        "dev",
        "development",
        "testing",
        "letmein",
        "qwerty",
        "123456",
        "12345678",
        "1234",
        "12345",
    }
)


def is_placeholder(value: str) -> bool:
    """A value that stands in for a secret rather than being one: empty, a known placeholder
    (``changeme``, ``example``), a template or variable (``${VAR}``, ``<token>``, ``{{ x }}``),
    filler (``xxxx``, ``****``) or words saying so (``your-secret-here``, ``replace_me``)."""
    v = value.strip().strip("'\"")
    low = v.lower()
    if not v or low in _PLACEHOLDERS:
        return True
    if v.startswith(("$", "<", "{{", "[", "%")) or (v.startswith("{") and v.endswith("}")):
        return True
    if set(v) <= _FILLER_CHARS or len(set(low)) == 1:
        return True
    words = [w.lower() for w in _WORD_SPLIT.split(re.sub(r"[^A-Za-z0-9_\-.]+", "_", v)) if w]
    return any(w in _PLACEHOLDER_WORDS or w.startswith(_PLACEHOLDER_PREFIXES) for w in words)


#: words a self-describing stand-in value is made of besides its name's (``rootsecretpassword``)
_DESCRIBING_WORDS = frozenset(
    {"secret", "secrets", "password", "passwd", "pass", "pwd", "key", "token", "root", "admin", "my"}
    | {"the", "app", "local", "dev", "test", "demo", "default", "super", "very", "strong", "webhook"}
)


def _made_of(text: str, words: frozenset[str]) -> bool:
    """``text`` (letters only) is a concatenation of ``words``."""
    ok = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        ok[end] = any(ok[start] and text[start:end] in words for start in range(max(0, end - 12), end))
    return ok[len(text)]


def is_well_known(name: str, value: str) -> bool:
    """A value published as a default (``postgres``, ``admin``, ``minioadmin``) or one that only
    describes itself with its own name's words and words like secret or password
    (``DB_PASSWORD=password``, ``REDIS_PASS=redis``, ``WEBHOOK_SECRET=gitea-webhook-secret``,
    ``ROOT_PASS=rootsecretpassword``): weak, but no secret to leak."""
    low = value.strip().strip("'\"").lower()
    words = {w.lower() for w in _WORD_SPLIT.split(name) if w}
    if low in _WELL_KNOWN or low in words or low == name.lower():
        return True
    letters = re.sub(r"[^a-z]", "", low)
    return (
        len(letters) == len(re.sub(r"[_\-.]", "", low))
        and 0 < len(letters) <= 64
        and _made_of(letters, frozenset(words) | _DESCRIBING_WORDS)
    )


def real_secret(name: str, value: str) -> str | None:
    """What :func:`secret_kind` says, except for placeholders and well-known defaults: the
    test for values a committed file must not hold (``.env`` files, defaults files)."""
    kind = secret_kind(name, value)
    if kind == "name" and is_well_known(name, value):
        return None
    return kind


#: words in an env file's name that make it a tracked defaults file, meant to be committed
_DEFAULTS_WORDS = frozenset(
    {"example", "sample", "template", "tmpl", "dist", "default", "defaults", "test", "tests", "testing", "ci", "e2e"}
)


def env_file_role(name: str) -> str | None:
    """``env`` for an env file that may hold the operator's secrets (``.env``, ``.env.production``,
    ``prod.env``), ``defaults`` for one meant to be committed (``.env.example``, ``.env.test``,
    ``.env.ci``, ``defaults.env``), None for other files."""
    if not (name == ".env" or name.startswith(".env.") or name.endswith(".env")):
        return None
    words = set(name.lower().replace("-", ".").replace("_", ".").split(".")) - {"", "env"}
    return "defaults" if words & _DEFAULTS_WORDS else "env"
