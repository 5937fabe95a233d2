"""GitHub App installation tokens requested by ``actions/create-github-app-token``.

The action's inputs name the token's reach: ``owner`` without ``repositories`` reaches every
repository of the owner's installation, no ``permission-<name>`` input gives every permission
the installation has, and ``skip-token-revoke`` keeps the token valid after the job (an hour).
"""

from __future__ import annotations

#: the actions that request an installation token this way
APP_TOKEN_ACTIONS = ("actions/create-github-app-token",)

#: ``permission-<name>`` inputs that grant organisation-level access only: a token limited to
#: them reaches no repository, so leaving out ``repositories`` widens nothing (GitHub's
#: organisation permissions for Apps, as the action names its inputs)
ORG_ONLY_PERMISSIONS = frozenset(
    f"permission-{name}"
    for name in (
        "custom-properties-for-organizations",
        "enterprise-custom-properties-for-organizations",
        "members",
        "organization-administration",
        "organization-announcement-banners",
        "organization-copilot-seat-management",
        "organization-custom-org-roles",
        "organization-custom-properties",
        "organization-custom-roles",
        "organization-events",
        "organization-hooks",
        "organization-packages",
        "organization-personal-access-token-requests",
        "organization-personal-access-tokens",
        "organization-plan",
        "organization-projects",
        "organization-secrets",
        "organization-self-hosted-runners",
        "organization-user-blocking",
    )
)


def reaches_repositories(permission_inputs: set[str]) -> bool:
    """A token with these ``permission-*`` inputs (none: all the installation's) can act on
    repositories."""
    return not permission_inputs or not permission_inputs <= ORG_ONLY_PERMISSIONS


def toolkit_bool(text: str) -> bool | None:
    """The value as the actions toolkit's ``getBooleanInput`` reads it: true/True/TRUE,
    false/False/FALSE, else None (an expression, or an error at run time)."""
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    return None
