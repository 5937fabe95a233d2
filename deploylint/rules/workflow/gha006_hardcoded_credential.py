import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.secrets import name_is_secret, token_match
from deploylint.models.workflow import Workflow
from deploylint.models.workflow_deploy import ships
from deploylint.registry import Kind, rule


def _looks_real(value: str) -> bool:
    """A literal that looks like a real credential rather than a test fixture or a flag."""
    v = value.strip()
    if len(v) < 16 or " " in v or "$" in v:
        return False
    classes = sum(bool(re.search(c, v)) for c in (r"[a-z]", r"[A-Z]", r"[0-9]"))
    return classes >= 3 or (classes == 2 and len(v) >= 32)


@rule(
    id="GHA006",
    name="hardcoded-credential",
    title="A credential is written literally in the workflow",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.ERROR,
    tags=("security", "secrets"),
    security_severity=8.0,
    aliases=("hardcoded-container-credentials", "credentials"),
)
def hardcoded_credential(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Anything written in a workflow is visible to everyone who can read the repository, forever
    (git history). Credentials belong in encrypted secrets: `${{ secrets.NAME }}`. Reported: a
    literal `password:` of a job container or service registry login; a value in a known token
    format (`AKIA…`, `ghp_…`, `github_pat_…`, `glpat-…`, `xox…`, private keys) in `env:` or
    `with:`; and a secret-named `env:`/`with:` entry whose literal value looks like a real
    credential. Test database passwords such as `POSTGRES_PASSWORD: postgres` are not reported.
    A secret-named literal in the `env:` of a workflow (or job) that deploys, publishes and
    pushes nothing is `info`: it can only reach the test run (a throwaway key for the test
    database); a known token format stays an error everywhere.
    The value itself is never printed.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            container:
              image: registry.example.com/app:1.2
              credentials:
                username: ci
                password: hunter2hunter2
            steps:
              - run: make

    ## Use instead
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            container:
              image: registry.example.com/app:1.2
              credentials:
                username: ci
                password: ${{ secrets.REGISTRY_PASSWORD }}
            steps:
              - run: make
    """
    quiet: set[int] | None = None  # asked only when a named credential is found: most files have none
    for where, s in wf.strings:
        if s.has_expr:
            continue
        if where.endswith("credentials.password"):
            if s.value:
                yield ctx.finding(s, "the registry password is written literally; use '${{ secrets.NAME }}'")
            continue
        if not (where.startswith(("env.", "with.")) or where == "env"):
            continue
        m = token_match(s.value)
        if m is not None:
            yield ctx.finding(
                s.span_of(m[1], m[2]),
                f"a credential in a known token format is written literally in '{where}'; use a secret",
            )
            continue
        name = where.split(".", 1)[-1]
        if name_is_secret(name) and _looks_real(s.value):
            quiet = _test_env_values(wf) if quiet is None else quiet
            yield ctx.finding(
                s,
                f"'{where}' holds a literal credential; use '${{{{ secrets.NAME }}}}'",
                severity=Severity.INFO if id(s) in quiet else None,
            )


def _test_env_values(wf: Workflow) -> set[int]:
    """Ids of the ``env:`` values that only a test run sees: the workflow's when it ships
    nothing, a job's (and its steps') when that job ships nothing (see ``ships``)."""
    out: set[int] = set()
    shipping = False
    for job in wf.jobs:  # the workflow ships when one of its jobs does: each job is asked once
        if ships(wf, [job]):
            shipping = True
        else:
            out |= {id(v.value) for env in (job.env, *(st.env for st in job.steps)) for v in env.vars}
    if not shipping:
        out |= {id(v.value) for v in wf.env.vars}
    return out
