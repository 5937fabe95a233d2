import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, Service, Sited, has_interpolation, interpolation_defaults
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


def _internal_default(model: ComposeFile, svc: Service, value: str, host: str | None) -> Severity | None:
    """``info`` for an explicit placeholder (``change-this-secret``), or a default password of an
    internal database (the data store holding it, or the one a connection string names, publishes
    no port) that does not look like a real secret; None (the rule's severity) otherwise."""
    low = value.lower()
    if any(w in low for w in _REPLACE_ME):
        return Severity.INFO
    target = model.service(host) if host else svc
    if target is None or target.ports or target.datastore is None:
        return None
    looks_real = len(value) >= 20 or (len(value) >= 12 and any(c.isdigit() for c in value) and value != low)
    return None if looks_real else Severity.INFO


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
    kept out of version control) or use Compose `secrets:`. Reported: a secret-like name
    (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`...) with a literal value, a number of three
    digits or more included (`MYSQL_ROOT_PASSWORD: 123`), and a credential inside a connection
    string (`postgres://app:pw@db/app`), except in development files; a known token format
    (AWS, GitHub, GitLab, Slack, Stripe, Google, npm keys, private keys) in any value, in any
    profile. An interpolation fallback (`${DB_PASSWORD:-...}`) is what runs when the variable is
    unset, so it is judged the same way; a guessable fallback for a password (`${DB_PASSWORD:-123}`,
    `:-changeme`) is production advice (a warning when the file is known to run in production,
    information when nothing tells). The message never shows the value.

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

    A short default password of an internal database (the data store holding it, or the one a
    connection string names, publishes no port), or an explicit "change this" placeholder, is
    `info`: a quick-start default that cannot be reached from outside the Compose network. A
    published database or a value that looks like a real secret stays a warning.

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
            if v.interpolated:
                yield from _defaults(model, ctx, name, who, v)
                continue
            url = URL_CREDENTIAL.match(value)
            if token_format(value) is not None:
                msg = f"{name} in {who} holds a token in a known format (value masked)"
                yield ctx.finding(v, msg, source=v.file, severity=Severity.ERROR)
            elif url is not None and not url.group("pw").startswith("$") and model.outside_development(v):
                msg = f"{name} in {who} embeds a password in a connection string"
                sev = _internal_default(model, svc, url.group("pw"), urlsplit(value).hostname)
                yield ctx.finding(v, msg, source=v.file, severity=sev)
            elif model.outside_development(v) and literal_secret_value(name, value):
                msg = f"{name} in {who} is set to a literal secret (value masked)"
                yield ctx.finding(v, msg, source=v.file, severity=_internal_default(model, svc, value, None))


def _defaults(model: ComposeFile, ctx: Context, name: str, who: str, v: Sited[str]) -> Iterator[Finding]:
    """``${VAR:-fallback}`` in a secret's value: the fallback is what runs when ``VAR`` is unset."""
    for var, default in interpolation_defaults(v.value):
        if not default or has_interpolation(default):
            continue
        if token_format(default) is not None:
            msg = f"{name} in {who} falls back to a token in a known format when {var} is unset (value masked)"
            yield ctx.finding(v, msg, source=v.file, severity=Severity.ERROR)
        elif weak_password(name, default) or weak_password(var, default):
            sev = model.advice(v, ctx.rule.meta.severity)
            if sev is not None:
                msg = f"{name} in {who} falls back to a guessable password when {var} is unset"
                yield ctx.finding(v, msg, source=v.file, severity=sev)
        elif model.outside_development(v) and (
            literal_secret_value(name, default) or literal_secret_value(var, default)
        ):
            msg = f"{name} in {who} falls back to a literal secret when {var} is unset (value masked)"
            yield ctx.finding(v, msg, source=v.file)
