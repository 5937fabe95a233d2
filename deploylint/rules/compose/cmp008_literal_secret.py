import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.models.secrets import name_is_secret, token_format
from deploylint.registry import Kind, rule

URL_CREDENTIAL = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]+:(?P<pw>[^@\s]+)@", re.IGNORECASE)
HARMLESS = frozenset({"", "true", "false", "yes", "no", "on", "off", "null", "none"})


def _is_placeholder(value: str) -> bool:
    return value.lower() in HARMLESS or value.isdigit() or value.startswith("/run/secrets/")


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
    kept out of version control) or use Compose `secrets:`. Three shapes are reported: a
    secret-like name (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`...) with a literal value
    (production only), a credential inside a connection string (`postgres://app:pw@db/app`), and
    a known token format (AWS, GitHub, GitLab, Slack, Stripe, Google, npm keys, private keys) in
    any value, in any profile. The message never shows the value.

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
    CL-0020 and CL-0021 are one rule here. Values that are interpolated, empty, booleans, numbers
    or `/run/secrets/...` paths, and names ending in `_FILE`, `_PATH`, `_TTL`... are not secrets.
    """
    for svc in model:
        for name, var in svc.environment.items():
            v = var.value
            if v is None or v.interpolated:
                continue
            value = v.value.strip()
            url = URL_CREDENTIAL.match(value)
            if token_format(value) is not None:
                msg = f"{name} in service {svc.name.value!r} holds a token in a known format (value masked)"
                yield ctx.finding(v, msg, source=v.file, severity=Severity.ERROR)
            elif url is not None and not url.group("pw").startswith("$"):
                msg = f"{name} in service {svc.name.value!r} embeds a password in a connection string"
                sev = _internal_default(model, svc, url.group("pw"), urlsplit(value).hostname)
                yield ctx.finding(v, msg, source=v.file, severity=sev)
            elif model.judged_in_production(v) and name_is_secret(name) and not _is_placeholder(value):
                msg = f"{name} in service {svc.name.value!r} is set to a literal secret (value masked)"
                yield ctx.finding(v, msg, source=v.file, severity=_internal_default(model, svc, value, None))
