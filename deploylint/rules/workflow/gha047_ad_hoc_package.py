from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.installs import Action, Manager, installs_of
from deploylint.models.workflow import Job, Step, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_step
from deploylint.rules.workflow.gha003_npm_install_in_ci import named_for_updates, updates_lockfile

#: the managers read, and where their packages belong instead
_MANIFEST = {
    Manager.NPM: "package.json and install with 'npm ci'",
    Manager.YARN: "package.json and install with 'yarn install --frozen-lockfile'",
    Manager.PNPM: "package.json and install with 'pnpm install --frozen-lockfile'",
    Manager.GEM: "the Gemfile and install with 'bundle install'",
    Manager.BUNDLE: "the Gemfile in the repository and install with 'bundle install'",
}
#: package arguments built or checked out by the job itself: nothing is fetched by name
_LOCAL = frozenset({"file", "path"})


@rule(
    id="GHA047",
    name="ad-hoc-package",
    title="A run: step installs a package outside any lockfile",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("supply-chain", "reproducibility"),
    aliases=("adhoc-packages",),
)
@each_step
def ad_hoc_package(wf: Workflow, job: Job, step: Step, ctx: Context) -> Iterator[Finding]:
    """## Why
    `npm install -g some-cli`, `gem install rake` or `yarn add x` in a `run:` step fetch
    whatever release is newest the moment the job runs, and resolve the package's own
    dependencies afresh: a new (or hijacked) release runs in your job, beside its token and
    secrets, without any change to the repository. `bundle add`, `yarn add` and `pnpm add` also
    rewrite the job's copy of the lockfile. Put the package in the manifest and install from
    the committed lockfile (`npm ci`, `bundle install`). npm, Yarn, pnpm, `gem` and `bundle add`
    are read, through `sudo` and similar wrappers, in every shell whose scripts are command
    lines (`bash`, `sh`, `pwsh`...).

    A package named without a version is a warning. One with a version (`npm i -g
    markdown-link-check@3.12.2`, `gem install rake -v 13.0.6`) still resolves its dependencies
    outside any lockfile, and a package named by a variable may be pinned where the variable
    is set: both are `info`. Local files and folders (`npm install ./pkg.tgz`) are not
    reported, nor are installs from the manifest (`npm install` alone is GHA003's), nor
    `npm install x`, `yarn add x` and `bundle add x` in a job that refreshes dependencies (named
    so, or one that commits the lockfile or opens a pull request with it, as GHA003 tells):
    changing the manifest is what it is for. Global installs are reported there too.

    ## Example
        on: push
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - run: npm install -g markdownlint-cli

    ## Use instead
        on: push
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - run: npm ci
              - run: npx markdownlint '**/*.md'

    ## Differences from zizmor
    zizmor's `adhoc-packages` reads the same managers, but not through wrappers (`sudo gem
    install`), and reports a pinned package and a local file the same as an unpinned one.
    """
    if step.never_runs:
        return
    script = step.script("npm", "yarn", "pnpm", "gem", "bundle", any_shell=True)
    if script is None:
        return
    updating: bool | None = None
    for pi in installs_of(script, *_MANIFEST):
        if pi.action not in (Action.INSTALL, Action.ADD):
            continue
        if not pi.global_install and pi.manager is not Manager.GEM:
            if updating is None:
                updating = named_for_updates(step.name) or updates_lockfile(job)
            if updating:
                continue  # the job refreshes dependencies: changing the manifest is its purpose
        named = [s for s in pi.packages if s.kind not in _LOCAL and s.kind != "group"]
        if not named:
            continue
        verb = f"{pi.command.command_name} {pi.verb.value}" if pi.verb is not None else str(pi.command.command_name)
        where = _MANIFEST[pi.manager]
        loose = [s for s in named if s.pinned is False]
        if loose:
            yield ctx.finding(
                pi.span,
                f"'{verb}' fetches the newest '{loose[0].word.value}' on every run; pin its version, or add it "
                f"to {where}",
            )
        else:
            yield ctx.finding(
                pi.span,
                f"'{verb}' resolves the dependencies of '{named[0].word.value}' outside any lockfile; "
                f"add it to {where}",
                severity=Severity.INFO,
            )
