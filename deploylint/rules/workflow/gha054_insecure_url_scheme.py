from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.urls import insecure_url
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.shell.model import sub_word

#: programs that fetch (or send) what a URL argument names
_FETCHERS = frozenset(
    {
        "curl",
        "wget",
        "aria2c",
        "git",
        "svn",
        "pip",
        "pip3",
        "uv",
        "pipx",
        "npm",
        "npx",
        "pnpm",
        "yarn",
        "gem",
        "bundle",
        "helm",
        "apt-key",
        "add-apt-repository",
        "invoke-webrequest",
        "iwr",
        "invoke-restmethod",
        "irm",
    }
)


@rule(
    id="GHA054",
    name="insecure-url-scheme",
    title="A step fetches over http:// or git://",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=5.0,
    aliases=("insecure-url-scheme",),
)
@each_step
def insecure_url_scheme(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `http://` and `git://` carry data in plaintext with no integrity check: anyone on the path
    (a compromised router, a hostile network near a self-hosted runner, a captive proxy) can
    replace the script, package or repository the job downloads, and read whatever it sends.
    This fires on a URL with either scheme given to a program that fetches it in `run:` (`curl`,
    `wget`, `git`, `pip`, `npm`, `helm`, `Invoke-WebRequest`...: the URL as an argument or as an
    option's value, `--index-url=http://...`). A step input (`with:`) whose whole value is such a
    URL is reported as info: whether the action fetches it or only shows it depends on the action.
    Hosts that do not cross the internet pass: `localhost`, loopback and private addresses,
    single-label names (service containers) and `.local`/`.internal`/`.test` names; so does a host
    computed at run time.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: curl -fsSLo tool.tgz http://downloads.example.com/tool-1.2.tgz

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: curl -fsSLo tool.tgz https://downloads.example.com/tool-1.2.tgz

    ## Differences from zizmor
    zizmor's `insecure-url-scheme` checks only the `repo:` URLs of `.pre-commit-config.yaml`,
    which deploylint does not scan; deploylint applies the same two schemes to what workflow
    and action steps fetch.
    """
    for cmd in step.commands("http://", "git://", "HTTP://", "GIT://"):
        eff = cmd.effective()
        if (eff.command_name or "").lower() not in _FETCHERS:
            continue
        for word in eff.args:
            text = word.value
            at = text.index("=") + 1 if text.startswith("-") and "=" in text else 0
            url = insecure_url(text, at)
            if url is not None:
                yield ctx.finding(
                    sub_word(word, at).span,
                    f"{eff.command_name} fetches {url.scheme}://{url.host} in plaintext; use {url.instead}",
                )
    for key, given in step.with_:
        lead = len(given.value) - len(given.value.lstrip())
        url = insecure_url(given.value.rstrip(), lead)
        if url is not None and " " not in given.value.strip():
            yield ctx.finding(
                given.span_of(lead, len(given.value.rstrip())),
                f"input '{key.value}' is a plaintext {url.scheme}:// URL to {url.host}; use {url.instead}",
                severity=Severity.INFO,
            )
