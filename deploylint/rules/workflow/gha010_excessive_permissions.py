from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule


@rule(
    id="GHA010",
    name="excessive-permissions",
    title="The workflow token has broad or default permissions",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "least-privilege"),
    security_severity=5.5,
    aliases=("excessive-permissions", "CKV2_GHA_1"),
)
def excessive_permissions(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every job gets a `GITHUB_TOKEN`. Without a `permissions:` block it has the repository's
    default scopes, which on many repositories include write access to contents, packages and
    pull requests; any compromised step can then push code or publish packages. Declare what the
    workflow needs (`permissions: contents: read` at the top) and grant writes only to the job
    that needs them. Reported: no `permissions:` for a job (at workflow or job level),
    `write-all`, and write scopes granted at workflow level to a workflow with several jobs.
    A missing `permissions:` in a test-only workflow (no secrets, no push or publish, no deploy,
    no `secrets: inherit`) is `info`: its token matters only if a step is compromised, and then
    there is nothing to take but the token's default scopes.

    ## Example
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Use instead
        on: push
        permissions:
          contents: read
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: make

    ## Differences from zizmor
    zizmor reports a missing `permissions:` once per job and once for the workflow, and flags
    `read-all`; deploylint reports one finding for the workflow naming the jobs, and does not
    report `read-all` (read access is what most jobs need).
    """
    top = wf.permissions
    if top is None:
        missing = [j for j in wf.jobs if j.permissions is None]
        if missing:
            names = ", ".join(j.id.value for j in missing[:5]) + (" ..." if len(missing) > 5 else "")
            at = wf.on_span or wf.span
            yield ctx.finding(
                at,
                f"no 'permissions:' for job(s) {names}: the token keeps the repository's default scopes",
                severity=Severity.INFO if _test_only(wf) else None,
            )
    for perms in [top, *(j.permissions for j in wf.jobs)]:
        if perms is not None and perms.whole is not None and perms.whole.value == "write-all":
            yield ctx.finding(perms.whole, "'permissions: write-all' gives the token every write scope")
    inheriting = [j for j in wf.jobs if j.permissions is None]
    if top is not None and len(inheriting) > 1:
        for key, value in top.writes():
            yield ctx.finding(
                value,
                f"'{key.value}: write' at workflow level applies to {len(inheriting)} jobs; grant it to the "
                "job that needs it",
            )


#: commands that write somewhere with the job's credentials: (name, first argument)
_PUBLISH = {("git", "push"), ("npm", "publish"), ("yarn", "publish"), ("pnpm", "publish"), ("gh", "release")}
_PUBLISH |= {("gh", "pr"), ("twine", "upload"), ("cargo", "publish"), ("docker", "push"), ("gem", "push")}


def _test_only(wf: Workflow) -> bool:
    """No secret, no push or publish, no deploy anywhere in the workflow: it only builds and tests."""
    if any(path[0] == "secrets" for _w, s in wf.strings for path, _n, _e in s.refs()):
        return False
    if any(j.secrets_inherit is not None or wf.is_deploy_job(j) for j in wf.jobs):
        return False
    names = {n for n, _ in _PUBLISH}
    return not any(
        (c.name, c.args[0] if c.args else "") in _PUBLISH for _j, st in wf.steps() for c in st.commands(*names)
    )
