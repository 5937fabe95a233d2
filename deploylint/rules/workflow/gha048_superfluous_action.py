from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import ActionRef, Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_uses

#: actions that wrap a tool every GitHub-hosted runner image already has -> the command to run
REPLACEMENTS = {
    "ncipollo/release-action": "'gh release create'",
    "softprops/action-gh-release": "'gh release create'",
    "elgohr/github-release-action": "'gh release create'",
    "svenstaro/upload-release-action": "'gh release create' and 'gh release upload'",
    "peter-evans/create-pull-request": "'git' and 'gh pr create'",
    "peter-evans/create-or-update-comment": "'gh pr comment' or 'gh issue comment'",
    "dacbd/create-issue-action": "'gh issue create'",
    "actions-ecosystem/action-add-labels": "'gh issue edit --add-label' or 'gh pr edit --add-label'",
    "actions-ecosystem/action-remove-labels": "'gh issue edit --remove-label' or 'gh pr edit --remove-label'",
    "addnab/docker-run-action": "'docker run' (or a job 'container:')",
    "sergeysova/jq-action": "'jq'",
    "dtolnay/rust-toolchain": "'rustup toolchain install'",
    "stefanzweifel/git-auto-commit-action": "'git add', 'git commit' and 'git push'",
    "endbug/add-and-commit": "'git add', 'git commit' and 'git push'",
}


@rule(
    id="GHA048",
    name="superfluous-action",
    title="An action does what a tool on the runner already does",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.INFO,
    tags=("supply-chain",),
    aliases=("superfluous-actions",),
)
@each_uses
def superfluous_action(wf: Workflow, job: Job, step: Step | None, ref: ActionRef, ctx: Context) -> Iterator[Finding]:
    """## Why
    GitHub's runner images ship `gh`, `git`, `docker`, `jq` and `rustup`. An action that only
    wraps one of them adds third-party code, and often a tree of npm dependencies, to a job that
    usually holds a write token, for a step one command line does just as well. Nothing is
    wrong with the step as written, and some of these actions do more than their command (a
    pull request action also commits and pushes, a toolchain action also sets up the
    environment), so the finding is `info`: worth a look when the workflow is next touched.
    The list is zizmor's (`superfluous-actions`). Jobs that run in a `container:` or on a
    `self-hosted` runner are left alone (the tool may not be there), and so are steps whose
    `if:` is always false.

    ## Example
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            permissions:
              contents: write
            steps:
              - uses: softprops/action-gh-release@v2

    ## Use instead
        on: push
        jobs:
          release:
            runs-on: ubuntu-latest
            permissions:
              contents: write
            steps:
              - run: gh release create "$GITHUB_REF_NAME" --generate-notes
                env:
                  GH_TOKEN: ${{ github.token }}
    ## Differences from zizmor
    zizmor also reports jobs in a container or on self-hosted runners.
    """
    if step is None or ref.kind != "repo" or step.never_runs:
        return
    if job.container is not None or any(label.value.lower() == "self-hosted" for label in job.runs_on):
        return  # the step's machine is not a GitHub runner image: the tool may be missing
    instead = REPLACEMENTS.get(ref.slug)
    if instead is not None:
        yield ctx.finding(ref, f"'{ref.slug}' wraps a tool the runner already has; use {instead} in a run: step")
