"""Where a file is meant to run, as far as its path and the config tell: production, development, or unknown.

One answer for every kind. Rules whose advice depends on where a file runs (resource limits, restart
policies, dropping dev dependencies, ...) ask this instead of guessing from the file name themselves.

Order of evidence:
1. ``profiles`` globs in the config (relative to the scan root), first match wins;
2. the file's own name: a production word (``prod``, ``production``, ``release``...) says production, a
   development word (``dev``, ``test``, ``ci``, ``example``, ``override``...) says development;
3. the folders between the scan root and the file: any development folder (``dev/``, ``test/``,
   ``e2e/``, ``cypress/``, ``examples/``, ``.devcontainer/``, ``dev-postgres/``...) says development, a
   production folder (``prod/``, ``production/``, ``deploy/production``) says production;
4. otherwise unknown (``None``): the file does not say.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from deploylint.kinds import glob_match

if TYPE_CHECKING:
    from deploylint.settings import Settings

PRODUCTION: Literal["production"] = "production"
DEVELOPMENT: Literal["development"] = "development"
Profile = Literal["production", "development"]

#: words (split on anything but letters and digits) that mark a development, test or example file
DEV_WORDS = frozenset(
    {"dev", "devel", "develop", "development", "devenv", "devcontainer", "test", "tests", "testing", "ci"}
    | {"local", "example", "examples", "sample", "samples", "demo", "demos", "override", "debug", "e2e"}
    | {"mock", "mocks", "sandbox", "playground", "tutorial", "tutorials", "cypress", "playwright", "fixture"}
    | {"fixtures", "testdata", "integration", "spec", "specs", "benchmark", "benchmarks", "hack", "contrib"}
    | {"quickstart", "tryout"}
    | {"worktree", "gitpod", "workstation", "codespace", "codespaces"}
)
#: folder words that mark test fixtures: inputs of a project's own tests, not files anyone deploys or builds
FIXTURE_WORDS = frozenset({"fixture", "fixtures", "testdata", "snapshots", "__snapshots__"})
#: a folder of these names directly under a test folder holds fixtures too (``tests/resources/``)
_FIXTURE_UNDER_TESTS = frozenset({"resources", "data", "files", "assets", "cases"})
_TEST_WORDS = frozenset({"test", "tests", "testing", "spec", "specs", "e2e"})
#: words that mark a production deployment
PROD_WORDS = frozenset({"prod", "production", "prd", "release", "live"})
_SPLIT = re.compile(r"[^a-z0-9]+")


def words(name: str) -> frozenset[str]:
    """``docker-compose.dev.yml`` -> {"docker", "compose", "dev", "yml"}."""
    return frozenset(w for w in _SPLIT.split(name.lower()) if w)


def profile_of(path: Path, root: Path | None, settings: Settings | None = None) -> Profile | None:
    """The profile of ``path`` (see the module docstring), None when nothing tells."""
    return explain(path, root, settings)[0]


def explain(path: Path, root: Path | None, settings: Settings | None = None) -> tuple[Profile | None, str]:
    """(profile, reason): what :func:`profile_of` answers and why, e.g. ``(DEVELOPMENT, "folder 'e2e/'")``.

    The reason is a short fragment for reports (``config 'deploy/**'``, ``file name``, ``folder 'dev/'``);
    it is ``""`` when nothing tells.
    """
    rel = path
    if root is not None:
        with contextlib.suppress(ValueError):
            rel = Path(os.path.relpath(path.absolute(), root.absolute()))
    own = settings.own_path(rel.as_posix()) if settings is not None and settings.profiles else None
    if settings is not None and own is not None:  # config globs are relative to the config's folder
        for pattern, prof in settings.profiles.items():
            if glob_match(own, pattern):
                return (PRODUCTION if prof == PRODUCTION else DEVELOPMENT), f"config {pattern!r}"
    name = words(path.name)
    if name & PROD_WORDS:
        return PRODUCTION, "file name"
    if name & DEV_WORDS:
        return DEVELOPMENT, "file name"
    folders = [p for p in rel.parts[:-1] if p not in ("..", ".")]
    found: tuple[Profile | None, str] = (None, "")
    for part in folders:
        w = words(part)
        if w & DEV_WORDS:
            return DEVELOPMENT, f"folder '{part}/'"
        if w & PROD_WORDS and found[0] is None:
            found = (PRODUCTION, f"folder '{part}/'")
    return found


def is_fixture(path: Path, root: Path | None) -> bool:
    """``path`` is an input of the project's own tests (``tests/resources/``, ``fixtures/``, ``testdata/``):
    cross-file "missing" findings say nothing useful there."""
    rel = path
    if root is not None:
        with contextlib.suppress(ValueError):
            rel = Path(os.path.relpath(path.absolute(), root.absolute()))
    folders = [p.lower() for p in rel.parts[:-1] if p not in ("..", ".")]
    for i, part in enumerate(folders):
        if words(part) & FIXTURE_WORDS or part in FIXTURE_WORDS:
            return True
        if part in _FIXTURE_UNDER_TESTS and i > 0 and words(folders[i - 1]) & _TEST_WORDS:
            return True
    return False


def in_development(path: Path, settings: Settings | None) -> bool:
    """``path`` is a development, test or example file (:func:`profile_of` against the scan root):
    production advice (security headers, version disclosure, running as root...) is not for it."""
    return profile_of(path, settings.root if settings is not None else None, settings) == DEVELOPMENT
