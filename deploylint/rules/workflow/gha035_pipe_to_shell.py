from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.shell.downloads import unchecked_downloads


@rule(
    id="GHA035",
    name="run-pipe-to-shell",
    title="A run: step pipes a downloaded script into a shell",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "supply-chain"),
    security_severity=6.0,
)
@each_step
def pipe_to_shell(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `curl -fsSL https://get.example.com | bash` runs whatever the server sends, with the job's
    token and secrets in reach and no checksum or signature: a compromised site, a hijacked
    domain or a truncated download runs in CI. Use the tool's setup action pinned by commit, or
    download the file, check its checksum (`sha256sum -c`) and then run it. `wget -O- | sh` and
    `bash -c "$(curl ...)"` are reported too; `curl ... | bash install.sh` (the shell runs a
    file, not the download) is not. The same check as DKR068 for Dockerfiles.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: curl -fsSL https://example.com/install.sh | bash

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  curl -fsSLo install.sh https://example.com/install.sh
                  echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  install.sh" | sha256sum -c
                  bash install.sh
    """
    script = step.script("curl", "wget")
    if script is None:
        return
    for d in unchecked_downloads(script):
        shell = d.shell.command_name
        if d.pipeline is not None:
            yield ctx.finding(
                d.pipeline.span, f"{d.fetcher} output runs in {shell} unchecked", confidence=Confidence.MEDIUM
            )
        else:
            yield ctx.finding(d.shell.span, f"{shell} runs a downloaded script unchecked", confidence=Confidence.MEDIUM)
