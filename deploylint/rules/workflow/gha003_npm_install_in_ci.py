from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.context import Context
from deploylint.findings import Applicability, Confidence, Edit, Finding, Fix, Severity
from deploylint.models.installs import Action, Manager, PackageInstall, installs_of
from deploylint.models.project import Unresolved
from deploylint.models.workflow import Command, Job, Step, Workflow
from deploylint.registry import Kind, rule

if TYPE_CHECKING:
    from deploylint.models.project import Project

#: the lockfile each manager installs from
LOCKFILES: dict[Manager, tuple[str, ...]] = {
    Manager.NPM: ("package-lock.json", "npm-shrinkwrap.json"),
    Manager.YARN: ("yarn.lock",),
    Manager.PNPM: ("pnpm-lock.yaml",),
}
#: the option that moves the install to another folder
_FOLDER_OPTIONS: dict[Manager, tuple[str, ...]] = {
    Manager.NPM: ("--prefix",),
    Manager.YARN: ("--cwd",),
    Manager.PNPM: ("--dir", "-C"),
}
#: a job or step named for refreshing dependencies (its install is meant to rewrite the lockfile)
_UPDATING = re.compile(
    r"\b(update|upgrade|bump|refresh|regenerate|sync)\w*\b.*\b(dep|deps|dependenc\w*|lock\s?files?|package-lock|"
    r"packages?|yarn\.lock|modules)\b|\b(renovate|dependabot)\b|\block\s?files?\b",
    re.IGNORECASE,
)
#: steps that commit or propose the changed files
_COMMIT_ACTIONS = (
    "peter-evans/create-pull-request",
    "stefanzweifel/git-auto-commit-action",
    "endbug/add-and-commit",
    "planetscale/ghcommit-action",
)


@rule(
    id="GHA003",
    name="non-deterministic-install",
    title="Dependencies are installed without the lockfile being enforced",
    kind=(Kind.WORKFLOW, Kind.ACTION),
    severity=Severity.WARNING,
    tags=("reproducibility", "supply-chain"),
    fixable=True,
    needs_project=True,
)
def non_deterministic_install(wf: Workflow, ctx: Context) -> Iterator[Finding]:
    """## Why
    `npm install` resolves version ranges again and may rewrite `package-lock.json`, so CI can
    test and ship a dependency tree nobody reviewed. `npm ci` installs exactly the lockfile and
    fails when it is out of date. For Yarn classic use `yarn install --frozen-lockfile` (Yarn 2+
    uses `--immutable`, its default on CI). `pnpm install` is frozen on CI unless
    `--no-frozen-lockfile` turns that off. `npm install <package>` (adding a package) is not
    reported here. Turning the lockfile off in so many words (`pnpm install --no-frozen-lockfile`,
    `npm install --no-package-lock`, `yarn install --no-frozen-lockfile`) is a choice written
    down: `info`.

    Not reported: an install where the repository has a `package.json` but no lockfile for it
    (in the folder the command runs in, after `working-directory:` and `cd`, or a folder above
    it: `npm ci` would fail there), an install in a folder the repository does not hold (the
    job generates it at run time, as with a generated SDK), and installs meant to rewrite the lockfile: `npm install --package-lock-only`,
    an install in a job or step named for updating dependencies, or in a job that commits the
    lockfile (`git add package-lock.json`, `git add .`, `git commit -a`) or opens a pull request
    with its changes.

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

    ## Fix safety
    Unsafe: `npm install` (or `npm i`) becomes `npm ci`, `npm install-test` becomes
    `npm install-ci-test`, their options kept, and `yarn install`
    (or a bare `yarn`) gets `--frozen-lockfile` (Yarn 2+ reads it as `--immutable`, with a
    deprecation notice). The install then fails when `package.json` and the lockfile disagree,
    which is the point but breaks a build that was passing with a stale lockfile; `npm ci` also
    deletes `node_modules` first, so a `node_modules` restored from a cache is thrown away. Only
    a command written verbatim in a POSIX `run:` script is fixed; an install that turns the
    lockfile off in so many words is not.
    """
    for job in wf.jobs:
        job_updates: bool | None = None
        for step in job.steps:
            script = step.script("npm", "yarn", "pnpm", any_shell=True)
            if script is None:
                continue
            for pi in installs_of(script, Manager.NPM, Manager.YARN, Manager.PNPM):
                finding = _unlocked(pi)
                if finding is None:
                    continue
                if job_updates is None:
                    job_updates = updates_lockfile(job)
                # the project is asked only here: files without such an install are checked in the
                # per-file pass, before the project is linked
                if job_updates or named_for_updates(step.name) or not _has_lockfile(ctx.project, wf, step, pi):
                    continue
                message, confidence, deliberate = finding
                yield ctx.finding(
                    pi.span,
                    message,
                    confidence=confidence,
                    severity=Severity.INFO if deliberate else None,
                    fix=None if deliberate else _frozen(pi, wf),
                )


#: options that turn the lockfile off on purpose, per manager
_DELIBERATE: dict[Manager, str] = {
    Manager.NPM: "--no-package-lock",
    Manager.YARN: "--no-frozen-lockfile",
    Manager.PNPM: "--no-frozen-lockfile",
}


def _unlocked(pi: PackageInstall) -> tuple[str, Confidence, bool] | None:
    """What to say about a manifest install that can rewrite the lockfile on CI, if it can, and
    whether the command turns the lockfile off explicitly (a choice written down: info)."""
    if not pi.from_manifest or pi.global_install or pi.frozen or pi.has_option("--package-lock-only"):
        return None
    deliberate = pi.has_option(_DELIBERATE[pi.manager])
    if pi.manager is Manager.NPM:
        if deliberate:
            return "'npm install --no-package-lock' ignores the lockfile in CI", Confidence.HIGH, True
        return "'npm install' in CI ignores the lockfile; use 'npm ci'", Confidence.HIGH, False
    if pi.manager is Manager.YARN and pi.action is Action.INSTALL:
        if deliberate:
            return "'yarn install --no-frozen-lockfile' ignores the lockfile in CI", Confidence.HIGH, True
        # bare `yarn` with options of its own, and `--pure-lockfile` (writes no lockfile), are left alone
        if (pi.verb is None and pi.options) or pi.has_option("--pure-lockfile"):
            return None
        return (
            "'yarn install' without '--frozen-lockfile' may change the lockfile in CI",
            Confidence.MEDIUM,
            False,
        )
    if pi.manager is Manager.PNPM and pi.action is Action.INSTALL and deliberate:
        # pnpm is frozen on CI by default; only turning that off is reported
        return "'pnpm install --no-frozen-lockfile' ignores the lockfile in CI", Confidence.HIGH, True
    return None


#: npm's install commands and the ones that install exactly the lockfile
_NPM_FROZEN = {"install": "ci", "i": "ci", "install-test": "install-ci-test", "it": "cit"}


def _frozen(pi: PackageInstall, wf: Workflow) -> Fix | None:
    """``npm install`` -> ``npm ci``; ``yarn [install]`` -> ``yarn [install] --frozen-lockfile``."""
    src = wf.source
    word = pi.verb if pi.verb is not None else pi.command.name
    if word is None or src.text[word.span.start_offset : word.span.end_offset] != word.raw:
        return None  # the YAML scalar's text is not the script's (a quoted scalar's escapes)
    frozen = _NPM_FROZEN.get(word.raw) if pi.manager is Manager.NPM else None
    if frozen is not None:
        return Fix(f"use 'npm {frozen}'", (Edit(word.span, frozen),), Applicability.UNSAFE)
    if pi.manager is Manager.YARN:
        edit = Edit(src.insertion(word.span.end_offset), " --frozen-lockfile")
        return Fix("add '--frozen-lockfile'", (edit,), Applicability.UNSAFE)
    return None


def named_for_updates(name: object) -> bool:
    return name is not None and _UPDATING.search(str(name)) is not None


def updates_lockfile(job: Job) -> bool:
    """The job refreshes dependencies: named so, or it commits or proposes what it changed.
    Worked out once per job (GHA047 asks for each step: a scan of the job per step made 6,000
    installs in one job hit the 10 s budget)."""
    return job.fact("updates-lockfile", _updates_lockfile)


def _updates_lockfile(job: Job) -> bool:
    if named_for_updates(job.name) or named_for_updates(job.id.value):
        return True
    for step in job.steps:
        if step.uses is not None and step.uses.is_(*_COMMIT_ACTIONS):
            return True
        if any(_commits_lockfile(c) for c in step.commands("git")):
            return True
    return False


_LOCK_NAMES = frozenset(n for names in LOCKFILES.values() for n in names)
_EVERYTHING = frozenset({".", "-A", "--all", "-u", "--update", ":/"})


def _commits_lockfile(cmd: Command) -> bool:
    """``git add`` of a lockfile (or of everything), or ``git commit -a``."""
    if cmd.matches("git", "add"):
        return any(a in _EVERYTHING or a.rsplit("/", 1)[-1] in _LOCK_NAMES for a in cmd.arg_values[1:])
    if cmd.matches("git", "commit"):
        return any(
            a in ("-a", "--all") or (a.startswith("-") and not a.startswith("--") and "a" in a) for a in cmd.arg_values
        )
    return False


def _has_lockfile(project: Project | None, wf: Workflow, step: Step, pi: PackageInstall) -> bool:
    """The repository has the manager's lockfile where the install runs (or above it); True
    when that cannot be told (a computed folder, no project model, no package.json in sight)."""
    if project is None:
        return True
    cwd = step.folder(pi.command)
    if project.run_folder_generated(wf, step, cwd):
        return False  # the folder is made at run time (a generated package): it has no lockfile to keep
    folder = project.run_folder(wf, step, cwd)
    if isinstance(folder, Unresolved):
        return True
    sub = pi.option_value(*_FOLDER_OPTIONS[pi.manager])
    if sub is not None:
        if "$" in sub or "${{" in sub:
            return True
        folder = Path(posixpath.normpath((folder / sub).as_posix()))
    if project.file_in_or_above(folder, LOCKFILES[pi.manager]) is not None:
        return True
    # a package.json without the lockfile: the repository has none (`npm ci` would fail); with
    # neither, the installed project is not in the scan (another checkout, a partial scan)
    return project.file_in_or_above(folder, ("package.json",)) is None
