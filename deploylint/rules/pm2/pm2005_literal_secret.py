from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File, scalar
from deploylint.models.secrets import secret_kind
from deploylint.models.tree import YEnvRef
from deploylint.registry import Kind, rule


@rule(
    id="PM2005",
    name="pm2-literal-secret-in-env",
    title="Secret written into an ecosystem env block",
    kind=Kind.PM2,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=7.5,
)
def literal_secret(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    `env` and `env_production` values are in the repository, in its history and in every
    `pm2 env`/`pm2 show` output. Read secrets from the server's environment instead
    (`DB_PASSWORD: process.env.DB_PASSWORD`, set by systemd, a `.env` kept out of git, or a secrets
    manager). A literal default after `||` is a literal too. Secret-like names with a literal
    value are reported, and known token formats at error; the message never shows the value.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "server.js", env_production: { DB_PASSWORD: "pr0d-pa55word" } }],
        };

    ## Use instead
        module.exports = {
          apps: [{ name: "api", script: "server.js", env_production: { DB_PASSWORD: process.env.DB_PASSWORD } }],
        };
    """
    if not pm2.production:
        return
    for app in pm2.apps:
        for block, env in app.envs():
            for p in env.pairs:
                v = p.value.default if isinstance(p.value, YEnvRef) else scalar(p.value)
                kind = secret_kind(p.key.value, v.value) if v is not None and v.as_bool() is None else None
                if v is None or kind is None:
                    continue
                where = f"{p.key.value} in {block} of app {app.name!r}"
                if kind == "name":
                    yield ctx.finding(v, f"{where} is set to a literal secret (value masked)")
                else:
                    yield ctx.finding(v, f"{where} holds a {kind} (value masked)", severity=Severity.ERROR)
