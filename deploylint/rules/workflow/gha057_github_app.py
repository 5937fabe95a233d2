from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.models.workflow_app_token import APP_TOKEN_ACTIONS, reaches_repositories, toolkit_bool
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step


@rule(
    id="GHA057",
    name="github-app",
    title="A GitHub App token is requested wider or longer-lived than needed",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("security", "hardening", "secrets"),
    security_severity=5.0,
    aliases=("github-app",),
)
@each_step
def github_app(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `actions/create-github-app-token` issues an installation token of a GitHub App, often far
    more powerful than the job's `GITHUB_TOKEN`. Three inputs decide how far it reaches:
    - `skip-token-revoke: true` keeps the token valid for up to an hour after the job, for
      anything that copied it (a warning; info when the value is computed);
    - `owner:` without `repositories:` gives access to every repository of the owner's
      installation (a warning), unless the `permission-*` inputs are all organisation-level
      ones (`permission-members`...), which reach no repository;
    - no `permission-<name>` input gives the token every permission the installation has
      (info: the installation may already be narrow).

    ## Example
        on: push
        jobs:
          sync:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/create-github-app-token@v2
                with:
                  client-id: ${{ vars.APP_CLIENT_ID }}
                  private-key: ${{ secrets.APP_PRIVATE_KEY }}
                  owner: octo-org
                  skip-token-revoke: true

    ## Use instead
        on: push
        jobs:
          sync:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/create-github-app-token@v2
                with:
                  client-id: ${{ vars.APP_CLIENT_ID }}
                  private-key: ${{ secrets.APP_PRIVATE_KEY }}
                  owner: octo-org
                  repositories: docs,website
                  permission-contents: write
    """
    ref = step.uses
    if ref is None or not ref.is_(*APP_TOKEN_ACTIONS):
        return
    inputs = {k.value: (k, v) for k, v in step.with_}
    got = inputs.get("skip-token-revoke")
    if got is not None:
        key, value = got
        flag = toolkit_bool(value.value.strip())
        if flag:
            yield ctx.finding(key, "token revocation is skipped: the token stays valid after the job")
        elif flag is None and value.has_expr:
            yield ctx.finding(
                key,
                "token revocation may be skipped (computed): the token can stay valid after the job",
                severity=Severity.INFO,
                confidence=Confidence.LOW,
            )
    permissions = {name for name in inputs if name.startswith("permission-")}
    if "owner" in inputs and "repositories" not in inputs and reaches_repositories(permissions):
        yield ctx.finding(
            inputs["owner"][0],
            "'owner' without 'repositories' gives the token every repository of the installation; "
            "name the repositories it needs",
        )
    if not permissions:
        yield ctx.finding(
            ref,
            "no 'permission-<name>' input: the token gets every permission of the installation",
            severity=Severity.INFO,
        )
