from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.secrets import name_is_identifier
from deploylint.models.workflow import Env, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.rules.workflow._util import env_is_secret, shell_vars


def _secret_names(env: Env) -> tuple[str, ...]:
    """The variables of ``env`` that read a secret (made once per env, not once per step)."""
    return env.names_reading("secrets")


_PRINTERS = {"echo", "printf", "cat", "print", "write-host", "write-output"}


@rule(
    id="GHA005",
    name="secret-echoed",
    title="A secret is printed to the job log",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=6.5,
)
@each_step
def secret_echoed(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub masks a secret's exact value in logs, but not a transformed one (base64, a substring,
    JSON escaping, a value split over lines), and masking is best effort. Printing a secret with
    `echo`/`printf`/`cat` is never needed: pass it where it is used. Output that goes into a pipe
    (`echo "$TOKEN" | docker login --password-stdin`) or a file is not printed and is not
    reported. A variable whose name says it holds an identifier kept among the secrets
    (`CF_ZONE_ID`, `AWS_ACCOUNT_ID`, `S3_BUCKET`) is `info`: GitHub masks it, and it grants
    nothing by itself.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "token is ${{ secrets.API_TOKEN }}"

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: echo "$API_TOKEN" | tool login --password-stdin
                env:
                  API_TOKEN: ${{ secrets.API_TOKEN }}
    """
    needles = ("secrets", *_secret_names(wf.env), *_secret_names(job.env), *_secret_names(step.env))
    for cmd in step.commands(*needles):
        if (cmd.command_name or "").lower() not in _PRINTERS or cmd.stdout_captured:
            continue
        for w in cmd.words[1:]:
            secret = None
            identifier = False
            if "secrets." in w.value or "secrets[" in w.value:
                secret = "a 'secrets' value"
            else:
                for var in shell_vars(w.value):
                    if env_is_secret(wf, job, step, var):
                        secret = f"'${var}', which holds a secret,"
                        identifier = name_is_identifier(var)
                        break
            if secret is not None:
                yield ctx.finding(
                    w.span,
                    f"'{cmd.command_name}' prints {secret} to the job log",
                    severity=Severity.INFO if identifier else None,
                )
                break
