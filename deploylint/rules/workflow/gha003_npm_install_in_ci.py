from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Confidence, Finding, Severity
from deploylint.models.workflow import Workflow
from deploylint.registry import Kind, rule


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
            for cmd in step.commands("npm", "yarn", "pnpm"):
                words = [w.text for w in cmd.words]
                if not words:
                    continue
                name, args = cmd.name, words[1:]
                plain = [a for a in args if not a.startswith("-")]
                if name == "npm" and plain[:1] in (["install"], ["i"], ["isntall"]) and len(plain) == 1:
                    if "-g" not in args and "--global" not in args:
                        yield ctx.finding(cmd.span, "`npm install` in CI ignores the lockfile; use `npm ci`.")
                elif name == "yarn" and plain[:1] in ([], ["install"]) and len(plain) <= 1:
                    if not {"--frozen-lockfile", "--immutable", "--pure-lockfile"} & set(args) and (
                        plain or not args
                    ):
                        yield ctx.finding(
                            cmd.span,
                            "`yarn install` without `--frozen-lockfile` may change the lockfile in CI.",
                            confidence=Confidence.MEDIUM,
                        )
                elif name == "pnpm" and plain[:1] in (["install"], ["i"]) and "--no-frozen-lockfile" in args:
                    yield ctx.finding(cmd.span, "`pnpm install --no-frozen-lockfile` ignores the lockfile in CI.")
