"""Actions whose repositories are archived or whose owners deprecated them (one dated table).

Compiled 2026-12-02 from each repository's GitHub archive notice or README deprecation notice,
cross-checked against the examples of zizmor's ``archived-uses`` audit (v1.30). Archived
repositories get no fixes, including security fixes; most still work until the runtime they use
(an old Node version) is removed from the runners. Add entries here, with the replacement the
maintainers name; ``owner/*`` covers every action of an owner.
"""

from __future__ import annotations

#: ``owner/repo`` (lower case) or ``owner/*`` -> (when it was archived: the day where the archive
#: notice dates it, else the year; what to use instead)
ARCHIVED_ACTIONS: dict[str, tuple[str, str]] = {
    "actions/create-release": ("2021", "softprops/action-gh-release or 'gh release create'"),
    "actions/upload-release-asset": ("2021", "softprops/action-gh-release or 'gh release upload'"),
    "actions/setup-ruby": ("2021", "ruby/setup-ruby"),
    "actions/setup-elixir": ("2021", "erlef/setup-beam"),
    "actions/setup-haskell": ("2021", "haskell-actions/setup"),
    # the whole actions-rs organisation was archived on 2023-10-13 (unmaintained since 2020)
    "actions-rs/toolchain": ("2023-10-13", "dtolnay/rust-toolchain"),
    "actions-rs/cargo": ("2023-10-13", "plain 'cargo' commands in 'run:' steps"),
    "actions-rs/audit-check": ("2023-10-13", "rustsec/audit-check"),
    "actions-rs/clippy-check": ("2023-10-13", "'cargo clippy' in a 'run:' step"),
    "actions-rs/install": ("2023-10-13", "taiki-e/install-action or 'cargo install'"),
    "actions-rs/*": ("2023-10-13", "dtolnay/rust-toolchain and plain 'cargo' commands"),
    "crazy-max/ghaction-docker-buildx": ("2020", "docker/setup-buildx-action"),
    "googlecloudplatform/github-actions": ("2021", "the google-github-actions/* actions"),
}

#: the date this table was last reviewed (shown in the rule's docs)
REVIEWED = "2026-12-02"


def archived(slug: str) -> tuple[str, str] | None:
    """(since, replacement) for an archived action ``owner/repo`` (any case), else None."""
    low = slug.lower()
    got = ARCHIVED_ACTIONS.get(low)
    if got is None:
        got = ARCHIVED_ACTIONS.get(low.split("/", 1)[0] + "/*")
    return got
