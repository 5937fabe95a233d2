from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Confidence, Edit, Finding, Fix, Severity
from deploylint.models.workflow import Job, Workflow
from deploylint.models.workflow_deploy import is_test_only
from deploylint.registry import Kind, rule
from deploylint.yaml_edit import indent_unit, is_flow, starts_line


@rule(
    id="GHA010",
    name="excessive-permissions",
    title="The workflow token has broad or default permissions",
    kind=Kind.WORKFLOW,
    severity=Severity.WARNING,
    tags=("security", "least-privilege"),
    security_severity=5.5,
    aliases=("excessive-permissions", "CKV2_GHA_1"),
    fixable=True,
    needs_project=True,
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
    there is nothing to take but the token's default scopes. A job that calls a reusable workflow
    of the same repository (`uses: ./.github/workflows/build.yml`) is not named: the called
    workflow's own `permissions:` decide its token (a callee can only lower the caller's scopes),
    and a callee without them is reported in its own file. A called file that is not in the
    scan is still reported at the caller. For the same reason a write scope granted at workflow
    level is reported only when a job that runs its own steps inherits it (the message names
    it); jobs that only call workflows of the repository pass it on to files that may need it.

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

    ## Fix safety
    Unsafe: `permissions: contents: read` is added at the top of a workflow that has none, on the
    lines before `jobs:` (and before the comment lines right above it), indented with the file's
    own step and line endings. Jobs without `permissions:` of their own then get a token that can
    only read the repository: a step that pushes, comments, labels, creates releases or uploads
    packages with it fails with "Resource not accessible by integration". The fix is offered only
    for a test-only workflow (no secret, no push, publish or deploy, no `github.token`
    expression); a workflow that ships something needs its write scopes named, which the file
    alone does not tell. `write-all` and workflow-level write scopes are not fixed.

    At low confidence and `info`: `read-all` (read access is what most jobs need, but rarely to
    every scope), and write scopes granted at workflow level that reach a single job of several
    because the others set their own `permissions:` (a job added later inherits them).

    ## Differences from zizmor
    zizmor reports a missing `permissions:` once per job and once for the workflow, and flags
    `read-all` as a warning; deploylint reports one finding for the workflow naming the jobs,
    and `read-all` as information. A workflow-level write scope in a workflow of one job is
    not reported (zizmor: pedantic persona only).
    """
    top = wf.permissions
    if top is None:
        missing = [j for j in wf.jobs if j.permissions is None and not _calls_own_workflow(wf, j, ctx)]
        if missing:
            names = ", ".join(j.id.value for j in missing[:5]) + (" ..." if len(missing) > 5 else "")
            at = wf.on_span or wf.span
            test_only = is_test_only(wf)
            yield ctx.finding(
                at,
                f"no 'permissions:' for job(s) {names}: the token keeps the repository's default scopes",
                severity=Severity.INFO if test_only else None,
                fix=_read_only(wf) if test_only else None,
            )
    for perms in [top, *(j.permissions for j in wf.jobs)]:
        if perms is not None and perms.whole is not None and perms.whole.value == "write-all":
            yield ctx.finding(perms.whole, "'permissions: write-all' gives the token every write scope")
        elif perms is not None and perms.whole is not None and perms.whole.value == "read-all":
            yield ctx.finding(
                perms.whole,
                "'permissions: read-all' lets the token read every scope; name the ones the job needs "
                "(usually 'contents: read')",
                severity=Severity.INFO,
                confidence=Confidence.LOW,
            )
    inheriting = [j for j in wf.jobs if j.permissions is None]
    if top is not None and len(inheriting) == 1 and len(wf.jobs) > 1:
        only = inheriting[0]
        if not _calls_own_workflow(wf, only, ctx):
            for key, value in top.writes():
                yield ctx.finding(
                    value,
                    f"'{key.value}: write' at workflow level reaches only job '{only.id.value}' (the others "
                    "set their own 'permissions:'); grant it in that job, where a new job will not inherit it",
                    severity=Severity.INFO,
                    confidence=Confidence.LOW,
                )
    if top is not None and len(inheriting) > 1:
        # a job that calls a workflow of this repository hands the scope to a file that may need
        # it or lower it itself; only jobs that run their own steps are sure to inherit it unused
        plain = [j for j in inheriting if not _calls_own_workflow(wf, j, ctx)]
        if not plain:
            return
        names = ", ".join(j.id.value for j in plain[:5]) + (" ..." if len(plain) > 5 else "")
        which = f", {names} among them" if len(plain) < len(inheriting) else ""
        for key, value in top.writes():
            yield ctx.finding(
                value,
                f"'{key.value}: write' at workflow level applies to {len(inheriting)} jobs{which}; grant it to "
                "the job that needs it",
            )


def _calls_own_workflow(wf: Workflow, job: Job, ctx: Context) -> bool:
    """The job calls a reusable workflow that this repository holds: that workflow's own
    ``permissions:`` set the token (a callee can only lower the caller's scopes), and a callee
    without them is reported in its own file. The project is asked only for such a job."""
    if job.uses is None or job.uses.kind != "local" or not job.uses.path:
        return False
    project = ctx.project
    return project is not None and bool(project.local_uses_exists(wf, job.uses.path))


def _read_only(wf: Workflow) -> Fix | None:
    """``permissions: contents: read`` inserted before the top-level ``jobs:`` key (and the comment
    lines right above it), for a block-style workflow whose steps do not use ``github.token``."""
    root, src = wf.root, wf.source
    if root is None or is_flow(root, src) or root.merge_keys:
        return None
    if any("token" in s.value and any(p[:2] == ("github", "token") for p, _n, _e in s.refs()) for _w, s in wf.strings):
        return None
    jobs = root.pair("jobs")
    if jobs is None or jobs.key.span.start_col != 1 or not starts_line(src, jobs.key.span.start_offset):
        return None
    line = jobs.key.span.start_line
    while line > 1 and src.line_text(line - 1).lstrip().startswith("#"):
        line -= 1
    if line == 1:
        line = jobs.key.span.start_line  # the comments above open the file: its header, not the jobs'
    nl = src.newline(line)
    blank = nl if line > 1 and not src.line_text(line - 1).strip() else ""  # keep the blank line before jobs
    text = f"permissions:{nl}{indent_unit(root, src)}contents: read{nl}{blank}"
    fix = Edit(src.insertion(src.line_start(line)), text)
    return Fix("add 'permissions: contents: read'", (fix,), Applicability.UNSAFE)
