from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Env
from deploylint.registry import Kind, rule

#: variables that switch TLS checks off, with the values that do it (None = any value)
_ENV: dict[str, tuple[str, ...] | None] = {
    "PIP_TRUSTED_HOST": None,
    "PYTHONHTTPSVERIFY": ("0",),
    "NODE_TLS_REJECT_UNAUTHORIZED": ("0",),
    "NPM_CONFIG_STRICT_SSL": ("false", "0"),
    "YARN_STRICT_SSL": ("false", "0"),
    "GIT_SSL_NO_VERIFY": None,
    "CURL_INSECURE": None,
}
_FLAGS = {"curl": ("-k", "--insecure"), "wget": ("--no-check-certificate",), "pip": ("--trusted-host",)}


@rule(
    id="DKR048",
    name="tls-verification-disabled",
    title="TLS certificate checks switched off",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    aliases=(
        "CKV2_DOCKER_2",
        "CKV2_DOCKER_3",
        "CKV2_DOCKER_4",
        "CKV2_DOCKER_5",
        "CKV2_DOCKER_6",
        "CKV2_DOCKER_12",
        "CKV2_DOCKER_13",
        "CKV2_DOCKER_14",
        "CKV2_DOCKER_15",
        "CKV2_DOCKER_16",
    ),
    security_severity=7.0,
)
def tls_verification_disabled(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Without certificate checks anyone on the network path (a proxy, a compromised mirror, a
    hostile Wi-Fi) can swap what the build downloads. This fires on `curl -k/--insecure`,
    `wget --no-check-certificate`, `pip --trusted-host`, `git -c http.sslVerify=false`,
    `npm/yarn config set strict-ssl false`, `yum/dnf --setopt=sslverify=0`, and on ENV (or a
    command's own assignments) setting `PIP_TRUSTED_HOST`, `PYTHONHTTPSVERIFY=0`,
    `NODE_TLS_REJECT_UNAUTHORIZED=0`, `NPM_CONFIG_STRICT_SSL=false` or `GIT_SSL_NO_VERIFY`.

    ## Example
        FROM debian:12-slim
        RUN curl -k -fsSLO https://example.com/tool.tgz

    ## Use instead
        FROM debian:12-slim
        RUN curl -fsSLO https://example.com/tool.tgz
    """
    for ins in df.walk():
        if isinstance(ins, Env):
            for pair in ins.pairs:
                if _disables(pair.name, pair.text or ""):
                    yield ctx.finding(pair.key, f"ENV {pair.name} switches TLS certificate checks off")
    for run in (r for st in df.stages for r in st.runs):
        for cmd in run.effective_commands:
            for a in cmd.assignments:
                if _disables(a.name, a.value.value if a.value is not None else ""):
                    yield ctx.finding(a.word, f"{a.name} switches TLS certificate checks off")
            name = cmd.command_name or ""
            flags = _FLAGS.get("pip" if name.startswith("pip") else name)
            if flags and cmd.has_flag(*flags) and cmd.name is not None:
                yield ctx.finding(cmd.invocation, f"{name} runs with TLS certificate checks off ({flags[-1]})")
            elif _config_off(name, cmd.argv) and cmd.name is not None:
                yield ctx.finding(cmd.invocation, f"{name} is configured to skip TLS certificate checks")


def _disables(name: str, value: str) -> bool:
    if name not in _ENV:
        return False
    bad = _ENV[name]
    return bool(value) if bad is None else value.strip().lower() in bad


def _config_off(name: str, argv: tuple[str, ...]) -> bool:
    low = [a.lower().replace(" ", "") for a in argv]
    if name == "git":
        return any(a.startswith("http.sslverify=") and a.endswith(("=false", "=0", "=no", "=off")) for a in low) or (
            "http.sslverify" in low and low[-1] in ("false", "0", "no", "off")
        )
    if name in ("yum", "dnf", "dnf5", "tdnf", "microdnf", "yum-config-manager", "dnf-config-manager"):
        return any(a.startswith("--setopt=") and a.split("=", 1)[1].endswith(_SSL_OFF) for a in low)
    if name in ("npm", "yarn", "pnpm"):
        return "strict-ssl" in low and low[-1] in ("false", "0") and "set" in low
    return False


_SSL_OFF = ("sslverify=0", "sslverify=false", "sslverify=no", "sslverify=off")
