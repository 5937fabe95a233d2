from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX015",
    name="host-header-spoofing",
    title="`proxy_set_header Host` from a client-controlled variable",
    kind=Kind.NGINX,
    severity=Severity.WARNING,
    tags=("security", "proxy"),
    aliases=("host_spoofing",),
    security_severity=5.0,
)
def host_spoofing(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    `$http_host` (and `$arg_*`, `$http_*`) is whatever the client sent, unchecked: it can name a
    host this server does not serve, or carry a port. Applications that build links, password
    reset mails or cache keys from `Host` can then be poisoned. `$host` is the server name nginx
    matched (or the validated request host), so forward that. A plain `$http_host` is `info`:
    `$host` also comes from the request, and the two differ mostly in the port `$http_host`
    keeps (which some setups need); other client headers (`$http_x_forwarded_host`, `$arg_*`) are
    warnings.

    ## Example
        location / {
            proxy_pass http://app:8000;
            proxy_set_header Host $http_host;
        }

    ## Use instead
        location / {
            proxy_pass http://app:8000;
            proxy_set_header Host $host;
        }
    """
    for d in conf.all("proxy_set_header"):
        if d.arg(0).lower() != "host" or len(d.args) < 2:
            continue
        value = d.args[1]
        if "$http_" in value.value or "$arg_" in value.value:
            sev = Severity.INFO if value.value.strip() == "$http_host" else None
            yield ctx.finding(
                value,
                f"'Host' is forwarded from client-controlled {value.value}; use $host",
                severity=sev,
            )
