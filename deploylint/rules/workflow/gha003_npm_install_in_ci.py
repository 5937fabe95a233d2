from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule
from deploylint.shell.facts import Manager, PackageInstall, installs_of


@rule(
    id="GHA003",
    name="non-deterministic-install",
    title="Dependencies are installed without the lockfile being enforced",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("reproducibility", "supply-chain"),
)
def non_deterministic_install(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `npm install` resolves version ranges again and may rewrite `package-lock.json`, so CI can
    test and ship a dependency tree nobody reviewed. `npm ci` installs exactly the lockfile and
    fails when it is out of date. For Yarn classic use `yarn install --frozen-lockfile` (Yarn 2+
    uses `--immutable`, its default on CI). `pnpm install` is frozen on CI unless
    `--no-frozen-lockfile` turns that off. `npm install <package>` (adding a package) is not
    reported here.

    ## Example
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: npm install

    ## Use instead
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - run: npm ci
    """
    for job in wf.jobs:
        for step in job.steps:
            script = step.script("npm", "yarn", "pnpm", any_shell=True)
            if script is None:
                continue
            for pi in installs_of(script, Manager.NPM, Manager.YARN, Manager.PNPM):
                finding = _unlocked(pi)
                if finding is not None:
                    message, confidence = finding
                    yield ctx.finding(pi.span, message, confidence=confidence)


def _unlocked(pi: PackageInstall) -> tuple[str, Confidence] | None:
    """What to say about a manifest install that can rewrite the lockfile on CI, if it can."""
    if not pi.from_manifest or pi.global_install or pi.frozen:
        return None
    action = pi.action.value if pi.action is not None else ""
    if pi.manager is Manager.NPM and action != "add":
        return "`npm install` in CI ignores the lockfile; use `npm ci`.", Confidence.HIGH
    if pi.manager is Manager.YARN and action in ("", "install"):
        # bare `yarn` with options of its own, and `--pure-lockfile` (writes no lockfile), are left alone
        if (not action and pi.options) or pi.has_option("--pure-lockfile"):
            return None
        return "`yarn install` without `--frozen-lockfile` may change the lockfile in CI.", Confidence.MEDIUM
    if pi.manager is Manager.PNPM and action in ("install", "i") and pi.has_option("--no-frozen-lockfile"):
        # pnpm is frozen on CI by default; only turning that off is reported
        return "`pnpm install --no-frozen-lockfile` ignores the lockfile in CI.", Confidence.HIGH
    return None
