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
    }
)
_PLACEHOLDERS = frozenset(
    {
        "dummy",
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
    ("private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
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
    if len(v) < 4 or v.lower() in _PLACEHOLDERS or v.startswith(("/", "$", "<", "{{")):
        return None
    return "name"
