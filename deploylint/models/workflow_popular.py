"""Widely used actions: ``uses:`` slugs one typing slip away from one of them (GHA058), and what
the majors of some declare in their ``action.yml`` (inputs, deprecated inputs, runtime: GHA065).

The table lists ``owner/repo`` slugs (lower case) of actions used across many public repositories
(checked 2026-12). A slug is a near miss of a listed one when it is one slip away — a character
left out, typed twice, two neighbours swapped, or a character replaced by a key next to it or
by a look-alike (``0`` for ``o``, ``rn`` for ``m``) — and its owner is another account. A
misspelt repository of the same owner is not a squat (the owner already holds the name; the
reference fails at run time), and neither is any slug of an owner the table lists, nor a listed
slug itself.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

POPULAR_ACTIONS: frozenset[str] = frozenset(
    {
        "actions/cache",
        "actions/checkout",
        "actions/configure-pages",
        "actions/create-github-app-token",
        "actions/dependency-review-action",
        "actions/deploy-pages",
        "actions/download-artifact",
        "actions/first-interaction",
        "actions/github-script",
        "actions/labeler",
        "actions/setup-dotnet",
        "actions/setup-go",
        "actions/setup-java",
        "actions/setup-node",
        "actions/setup-python",
        "actions/stale",
        "actions/upload-artifact",
        "actions/upload-pages-artifact",
        "actions/attest-build-provenance",
        "actions-rust-lang/setup-rust-toolchain",
        "anthropics/claude-code-action",
        "aquasecurity/trivy-action",
        "astral-sh/setup-uv",
        "aws-actions/amazon-ecr-login",
        "aws-actions/amazon-ecs-deploy-task-definition",
        "aws-actions/amazon-ecs-render-task-definition",
        "aws-actions/configure-aws-credentials",
        "azure/aks-set-context",
        "azure/docker-login",
        "azure/functions-action",
        "azure/k8s-deploy",
        "azure/login",
        "azure/setup-helm",
        "azure/setup-kubectl",
        "azure/webapps-deploy",
        "bufbuild/buf-action",
        "codecov/codecov-action",
        "crazy-max/ghaction-import-gpg",
        "cypress-io/github-action",
        "denoland/setup-deno",
        "dependabot/fetch-metadata",
        "docker/bake-action",
        "docker/build-push-action",
        "docker/login-action",
        "docker/metadata-action",
        "docker/setup-buildx-action",
        "docker/setup-qemu-action",
        "dorny/paths-filter",
        "dorny/test-reporter",
        "dtolnay/rust-toolchain",
        "easingthemes/ssh-deploy",
        "erlef/setup-beam",
        "github/codeql-action",
        "github/super-linter",
        "golangci/golangci-lint-action",
        "google-github-actions/auth",
        "google-github-actions/deploy-cloudrun",
        "google-github-actions/get-gke-credentials",
        "google-github-actions/setup-gcloud",
        "goreleaser/goreleaser-action",
        "gradle/actions",
        "gradle/gradle-build-action",
        "hashicorp/setup-terraform",
        "haskell-actions/setup",
        "helm/chart-releaser-action",
        "helm/kind-action",
        "jlumbroso/free-disk-space",
        "jwalton/gh-docker-logs",
        "marocchino/sticky-pull-request-comment",
        "mikepenz/action-junit-report",
        "ncipollo/release-action",
        "nick-fields/retry",
        "nrwl/nx-set-shas",
        "oven-sh/setup-bun",
        "ossf/scorecard-action",
        "peaceiris/actions-gh-pages",
        "peter-evans/create-or-update-comment",
        "peter-evans/create-pull-request",
        "peter-evans/find-comment",
        "pnpm/action-setup",
        "pre-commit/action",
        "pypa/cibuildwheel",
        "pypa/gh-action-pypi-publish",
        "pyo3/maturin-action",
        "release-drafter/release-drafter",
        "reviewdog/action-setup",
        "ruby/setup-ruby",
        "rui314/setup-mold",
        "shivammathur/setup-php",
        "sigstore/cosign-installer",
        "slackapi/slack-github-action",
        "snyk/actions",
        "softprops/action-gh-release",
        "step-security/harden-runner",
        "stefanzweifel/git-auto-commit-action",
        "swatinem/rust-cache",
        "taiki-e/install-action",
        "tj-actions/changed-files",
        "webfactory/ssh-agent",
        "wagoid/commitlint-github-action",
        "zizmorcore/zizmor-action",
    }
)

#: owners of the listed actions
POPULAR_OWNERS: frozenset[str] = frozenset(s.split("/", 1)[0] for s in POPULAR_ACTIONS)

_ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")
#: characters that pass for one another at a glance
_LOOKALIKE = (("o", "0"), ("l", "1"), ("i", "1"), ("i", "l"), ("s", "5"), ("e", "3"), ("-", "_"), ("-", "."))
#: multi-character look-alikes: written form -> the one character it passes for
_WIDE_LOOKALIKE = {"rn": "m", "vv": "w", "cl": "d"}


@cache
def _neighbours() -> dict[str, frozenset[str]]:
    """Keys next to each key on a QWERTY keyboard (same row and the rows above and below), and
    look-alikes."""
    out: dict[str, set[str]] = {}
    for r, row in enumerate(_ROWS):
        for i, ch in enumerate(row):
            near = out.setdefault(ch, set())
            for rr in (r - 1, r, r + 1):
                if 0 <= rr < len(_ROWS):
                    for j in (i - 1, i, i + 1):
                        if 0 <= j < len(_ROWS[rr]) and _ROWS[rr][j] != ch:
                            near.add(_ROWS[rr][j])
    for a, b in _LOOKALIKE:
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


def one_slip(written: str, meant: str) -> bool:
    """``written`` is ``meant`` with one slip: a character left out or typed twice, two
    neighbours swapped, or one character replaced by a neighbouring key or a look-alike."""
    if written == meant:
        return False
    lw, lm = len(written), len(meant)
    if lw == lm - 1:  # left out
        return any(meant[:i] + meant[i + 1 :] == written for i in range(lm))
    if lw == lm + 1:  # typed twice, or a wide look-alike (rn for m)
        for i in range(lw - 1):
            if written[i] == written[i + 1] and written[:i] + written[i + 1 :] == meant:
                return True
        return any(
            written[i : i + 2] in _WIDE_LOOKALIKE
            and written[:i] + _WIDE_LOOKALIKE[written[i : i + 2]] + written[i + 2 :] == meant
            for i in range(lw - 1)
        )
    if lw != lm:
        return False
    diff = [i for i in range(lw) if written[i] != meant[i]]
    if len(diff) == 1:
        i = diff[0]
        return written[i] in _neighbours().get(meant[i], frozenset())
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i = diff[0]
        return written[i] == meant[i + 1] and written[i + 1] == meant[i]
    return False


def squatted(slug: str) -> str | None:
    """The listed action ``slug`` (``owner/repo``, lower case) is one slip away from, when its
    owner is another account and not one the table lists; else None."""
    if slug in POPULAR_ACTIONS:
        return None
    owner = slug.split("/", 1)[0]
    if owner in POPULAR_OWNERS:
        return None
    for meant in sorted(POPULAR_ACTIONS):
        if abs(len(meant) - len(slug)) <= 1 and meant.split("/", 1)[0] != owner and one_slip(slug, meant):
            return meant
    return None


class Major(NamedTuple):
    """What one major version of a popular action declares in its ``action.yml``.

    ``inputs`` is every input of the major (lower case) with whether it is required (``required:
    true`` and no default), or None where the table does not list them (then no input is judged
    unknown); ``deprecated`` maps a deprecated input to the advice its ``deprecationMessage``
    gives; ``using`` is the ``runs.using`` value (``node12``, ``node16``, ``node20``, ``node24``,
    ``docker``, ``composite``), or "" when the table does not say.
    """

    using: str = ""
    inputs: dict[str, bool] | None = None
    deprecated: dict[str, str] | None = None


#: ``runs.using`` values GitHub's runners no longer run as written (they run such actions on a newer Node)
RETIRED_RUNTIMES: frozenset[str] = frozenset({"node12", "node16"})
#: inputs a step may give a Docker action only (they override the image's entrypoint and arguments)
DOCKER_INPUTS: tuple[str, ...] = ("entrypoint", "args")

_CHECKOUT = {
    "repository": False,
    "ref": False,
    "token": False,
    "ssh-key": False,
    "ssh-known-hosts": False,
    "ssh-strict": False,
    "ssh-user": False,
    "persist-credentials": False,
    "path": False,
    "clean": False,
    "filter": False,
    "sparse-checkout": False,
    "sparse-checkout-cone-mode": False,
    "fetch-depth": False,
    "fetch-tags": False,
    "show-progress": False,
    "lfs": False,
    "submodules": False,
    "set-safe-directory": False,
    "github-server-url": False,
}
_SETUP_NODE_4 = {
    "always-auth": False,
    "architecture": False,
    "cache": False,
    "cache-dependency-path": False,
    "check-latest": False,
    "mirror": False,
    "mirror-token": False,
    "node-version": False,
    "node-version-file": False,
    "registry-url": False,
    "scope": False,
    "token": False,
}
_CACHE = {
    "path": True,
    "key": True,
    "restore-keys": False,
    "upload-chunk-size": False,
    "enablecrossosarchive": False,
    "fail-on-cache-miss": False,
    "lookup-only": False,
}
_UPLOAD_ARTIFACT_4 = {
    "name": False,
    "path": True,
    "if-no-files-found": False,
    "retention-days": False,
    "compression-level": False,
    "overwrite": False,
    "include-hidden-files": False,
}
_GITHUB_SCRIPT_7 = {
    "script": True,
    "github-token": False,
    "debug": False,
    "user-agent": False,
    "previews": False,
    "result-encoding": False,
    "retries": False,
    "retry-exempt-status-codes": False,
    "base-url": False,
}
_PYPI_DEPRECATED = {
    "packages_dir": "inputs are kebab-case now: use 'packages-dir'",
    "repository_url": "inputs are kebab-case now: use 'repository-url'",
    "verify_metadata": "inputs are kebab-case now: use 'verify-metadata'",
    "skip_existing": "inputs are kebab-case now: use 'skip-existing'",
    "print_hash": "inputs are kebab-case now: use 'print-hash'",
}

#: ``owner/repo[/path]`` (lower case) -> major version -> what that major declares. Written from
#: each action's published ``action.yml`` and release notes; a major not listed is not judged.
POPULAR_MAJORS: dict[str, dict[int, Major]] = {
    "actions/checkout": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node20", _CHECKOUT),
        5: Major("node24", _CHECKOUT),
    },
    "actions/setup-node": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node20", _SETUP_NODE_4),
    },
    "actions/setup-python": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node16"),
        5: Major("node20"),
    },
    "actions/setup-go": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node16"),
        5: Major("node20"),
    },
    "actions/setup-java": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node20"),
    },
    "actions/cache": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major(
            "node20",
            {**_CACHE, "save-always": False},
            {"save-always": "it does not work as intended; save with actions/cache/save under 'if: always()'"},
        ),
    },
    "actions/upload-artifact": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node20", _UPLOAD_ARTIFACT_4),
    },
    "actions/download-artifact": {
        1: Major("node12"),
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node20"),
    },
    "actions/github-script": {
        3: Major("node12"),
        4: Major("node12"),
        5: Major("node12"),
        6: Major("node16"),
        7: Major("node20", _GITHUB_SCRIPT_7),
    },
    "actions/stale": {
        3: Major("node12"),
        4: Major("node12"),
        9: Major("node20"),
    },
    "docker/login-action": {
        1: Major("node12"),
        2: Major("node16"),
        3: Major("node20"),
    },
    "docker/build-push-action": {
        2: Major("node12"),
        3: Major("node16"),
        4: Major("node16"),
        5: Major("node20"),
        6: Major("node20"),
    },
    "docker/setup-buildx-action": {
        1: Major("node12"),
        2: Major("node16"),
        3: Major("node20"),
    },
    "docker/setup-qemu-action": {
        1: Major("node12"),
        2: Major("node16"),
        3: Major("node20"),
    },
    "docker/metadata-action": {
        3: Major("node12"),
        4: Major("node16"),
        5: Major("node20"),
    },
    "aws-actions/configure-aws-credentials": {
        2: Major("node16"),
        4: Major("node20"),
    },
    "pypa/gh-action-pypi-publish": {
        1: Major("", None, _PYPI_DEPRECATED),
    },
    "reviewdog/action-actionlint": {
        1: Major("", None, {"fail_on_error": "use 'fail_level' instead"}),
    },
    "rhysd/action-setup-vim": {
        1: Major("node20", {"version": False, "neovim": False, "token": False, "configure-args": False}),
    },
}


def major_of(ref: str) -> int | None:
    """The major version a ``uses:`` ref names: ``v4``, ``v4.1.2``, ``4``, ``release/v1``; None for
    a branch, a commit or anything else."""
    tail = ref.rsplit("/", 1)[-1]
    if tail[:1] in ("v", "V"):
        tail = tail[1:]
    head = tail.split(".", 1)[0]
    if not head.isdigit() or len(head) > 4:
        return None
    if tail != head and not all(part.isdigit() for part in tail.split(".")):
        return None
    return int(head)


def popular_major(name: str, ref: str) -> Major | None:
    """The table's entry for action ``name`` (``owner/repo[/path]``, lower case) at ``ref``."""
    majors = POPULAR_MAJORS.get(name)
    number = major_of(ref) if majors else None
    if majors is None or number is None or number not in majors:
        return None
    return majors[number]


def first_supported_major(name: str) -> int | None:
    """The first major of ``name`` the table lists on a runtime GitHub still runs (node20 or later)."""
    for number, major in sorted(POPULAR_MAJORS.get(name, {}).items()):
        if major.using and major.using not in RETIRED_RUNTIMES:
            return number
    return None
