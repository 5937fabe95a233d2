"""Widely used actions, and ``uses:`` slugs one typing slip away from one of them (GHA058).

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
