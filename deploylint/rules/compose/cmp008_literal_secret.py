import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.compose import ComposeFile, Service, has_interpolation, interpolation_defaults
from deploylint.models.secrets import name_is_secret, secret_kind, token_format
from deploylint.registry import Kind, rule

URL_CREDENTIAL = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]+:(?P<pw>[^@\s]+)@", re.IGNORECASE)
#: fallbacks that make a password guessable (besides numbers): what a scan tries first
WEAK = frozenset({"password", "changeme", "admin", "root", "secret", "postgres", "mysql", "pass", "test", "example"})
_PASSWORD_WORDS = frozenset({"password", "passwd", "pass", "pwd"})


def literal_secret_value(name: str, value: str) -> bool:
    """A secret-like ``name`` holds a real-looking literal: the shared vocabulary's judgement
    (placeholders, paths, short values are not), or a number of three digits or more (a YAML
    number such as ``MYSQL_ROOT_PASSWORD: 123`` is a password all the same)."""
    v = value.strip()
    return secret_kind(name, v) == "name" or (name_is_secret(name) and v.isdigit() and len(v) >= 3)


def weak_password(name: str, value: str) -> bool:
    """A password-like ``name`` given a guessable value (digits, ``password``, ``changeme``...)."""
    words = {w.lower() for w in re.split(r"[_\-.]+", name)}
    v = value.strip().lower()
    return bool(words & _PASSWORD_WORDS) and name_is_secret(name) and bool(v) and (v.isdigit() or v in WEAK)


#: words of an explicit placeholder the docs tell users to replace (``change-this-secret``)
_REPLACE_ME = ("change", "replace", "your", "example", "default", "insecure")


class _Defaults:
    """The literal values in the environments of the file's data stores that publish no port,
    gathered on first use and once per file (each secret scanning every service's environment
    made 6,000 services with a password each cost 36 million comparisons)."""

    def __init__(self, model: ComposeFile) -> None:
        self._model = model
        self._values: frozenset[str] | None = None

    def held(self, value: str) -> bool:
        """Some data store that publishes no port has ``value`` in its own environment."""
        if self._values is None:
            self._values = frozenset(
                e.value.value.strip()
                for other in self._model
                if other.datastore is not None and not other.ports
                for e in other.environment.values()
                if e.value is not None and not e.interpolated
            )
        return value in self._values


def _internal_default(model: ComposeFile, internal: _Defaults, svc: Service, value: str, host: str | None) -> bool:
    """An explicit placeholder (``change-this-secret``), or a default password of an internal data
    store that does not look like a real secret: the data store holding it, the one a connection
    string names, or one whose own environment has the same value, publishes no port."""
    low = value.lower()
    if any(w in low for w in _REPLACE_ME):
        return True
    if len(value) >= 20 or (len(value) >= 12 and any(c.isdigit() for c in value) and value != low):
        return False  # looks like a real secret
    target = model.service(host) if host else svc
    if target is not None and target.datastore is not None:
        return not target.ports
    return internal.held(value)


def _severity(
    model: ComposeFile,
    ctx: Context,
    internal: _Defaults,
    svc: Service,
    v: Located[str],
    value: str,
    host: str | None,
) -> Severity | None:
    """A literal secret by name: the rule's severity in a known production file, ``info`` when nothing
    tells (or for an internal default), None in development."""
    sev = model.advice(v, ctx.rule.meta.severity)
    if sev is not None and _internal_default(model, internal, svc, value, host):
        return Severity.INFO
    return sev


@rule(
    id="CMP008",
    name="literal-secret-in-environment",
    title="Secret written into the Compose file",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    aliases=("CL-0020", "CL-0021"),
    security_severity=7.5,
)
def literal_secret(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A password or token in `environment:` lives in the repository, its history, every clone and
    `docker inspect`. Reference it instead (`PASSWORD: ${DB_PASSWORD}` from the shell or a `.env`
    kept out of version control) or use Compose `secrets:`. Reported: a known token format (AWS,
    GitHub, GitLab, Slack, Stripe, Google, npm keys, private keys) in any value, as an error in any
    profile; and a secret-like name (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`...) with a
    literal value, a number of three digits or more included (`MYSQL_ROOT_PASSWORD: 123`), or a
    credential inside a connection string (`postgres://app:pw@db/app`). Those depend on where the
    file runs: a warning when it is known to be a production deployment, information when nothing
    tells (most such files are quick-start examples), nothing in development files. An
    interpolation fallback (`${DB_PASSWORD:-...}`) is what runs when the variable is unset, so it
    is judged the same way, and a guessable fallback for a password (`${DB_PASSWORD:-123}`,
    `:-changeme`) too. The message never shows the value.

    ## Example
        services:
          db:
            image: postgres:16.4
            environment:
              POSTGRES_PASSWORD: hunter2

    ## Use instead
        services:
          db:
            image: postgres:16.4
            environment:
              POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it in .env}

    A short default password of an internal data store (the data store holding it, the one a
    connection string names, or one whose own environment holds the same value, publishes no
    port), or an explicit "change this" placeholder, is `info` even in production: a default that
    cannot be reached from outside the Compose network. A value that looks like a real secret
    (20 characters, or 12 with digits and capitals) keeps the profile's severity.

    ## Differences from compose-lint
    CL-0020 and CL-0021 are one rule here. Values that are interpolated (their fallback aside),
    empty, short, placeholders (`changeme`, `example`...), booleans, paths (`/run/secrets/...`), and
    names ending in `_FILE`, `_PATH`, `_TTL`... are not secrets.
    """
    # a value written once (an anchored environment merged into several services) is reported once
    sharers: dict[tuple[str, int], list[str]] = {}
    for svc in model:
        for var in svc.environment.values():
            if var.value is not None:
                sharers.setdefault((str(var.value.file.path), var.value.span.start_offset), []).append(svc.name.value)
    done: set[tuple[str, int]] = set()
    internal = _Defaults(model)
    for svc in model:
        for name, var in svc.environment.items():
            v = var.value
            if v is None:
                continue
            site = (str(v.file.path), v.span.start_offset)
            if site in done:
                continue
            done.add(site)
            names = sharers[site]
            who = f"service {names[0]!r}" if len(names) == 1 else "services " + ", ".join(repr(n) for n in names)
            value = v.value.strip()
            if has_interpolation(v.value):
                yield from _defaults(model, ctx, internal, svc, name, who, v)
                continue
            url = URL_CREDENTIAL.match(value)
            if token_format(value) is not None:
                msg = f"{name} in {who} holds a token in a known format (value masked)"
                yield ctx.finding(v, msg, severity=Severity.ERROR)
            elif url is not None and not url.group("pw").startswith("$"):
                sev = _severity(model, ctx, internal, svc, v, url.group("pw"), urlsplit(value).hostname)
                if sev is not None:
                    msg = f"{name} in {who} embeds a password in a connection string"
                    yield ctx.finding(v, msg, severity=sev)
            elif literal_secret_value(name, value):
                sev = _severity(model, ctx, internal, svc, v, value, None)
                if sev is not None:
                    msg = f"{name} in {who} is set to a literal secret (value masked)"
                    yield ctx.finding(v, msg, severity=sev)


def _defaults(
    model: ComposeFile, ctx: Context, internal: _Defaults, svc: Service, name: str, who: str, v: Located[str]
) -> Iterator[Finding]:
    """``${VAR:-fallback}`` in a secret's value: the fallback is what runs when ``VAR`` is unset."""
    for var, default in interpolation_defaults(v.value):
        if not default or has_interpolation(default):
            continue
        if token_format(default) is not None:
            msg = f"{name} in {who} falls back to a token in a known format when {var} is unset (value masked)"
            yield ctx.finding(v, msg, severity=Severity.ERROR)
        elif weak_password(name, default) or weak_password(var, default):
            sev = model.advice(v, ctx.rule.meta.severity)
            if sev is not None:
                msg = f"{name} in {who} falls back to a guessable password when {var} is unset"
                yield ctx.finding(v, msg, severity=sev)
        elif literal_secret_value(name, default) or literal_secret_value(var, default):
            sev = _severity(model, ctx, internal, svc, v, default, None)
            if sev is not None:
                msg = f"{name} in {who} falls back to a literal secret when {var} is unset (value masked)"
                yield ctx.finding(v, msg, severity=sev)
