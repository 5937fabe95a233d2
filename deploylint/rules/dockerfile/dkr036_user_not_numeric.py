from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile
from deploylint.registry import Kind, rule

#: users that exist in every common base image, and those that image families ship
_COMMON = frozenset({"nobody", "daemon", "www-data", "nonroot"})
_BY_FAMILY = {"node": "node", "nginx": "nginx", "postgres": "postgres", "redis": "redis"}


@rule(
    id="DKR036",
    name="user-not-numeric",
    title="Final stage runs as a named user created in the Dockerfile",
    kind=Kind.DOCKERFILE,
    severity=Severity.INFO,
    tags=("hardening", "kubernetes"),
    aliases=("DL3066",),
)
def user_not_numeric(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Kubernetes' `runAsNonRoot` can only check a numeric user: with `USER app` it cannot prove
    the process is not root, so the pod is refused (or the policy is switched off). Giving the
    UID (`USER 10001`, or `USER 10001:10001`) makes the check work. Only the user the final
    stage runs as is checked.

    ## Example
        FROM python:3.12-slim
        RUN useradd --uid 10001 app
        USER app

    ## Use instead
        FROM python:3.12-slim
        RUN useradd --uid 10001 app
        USER 10001

    ## Differences from hadolint
    DL3066 (hadolint 2.15) fired on every named USER, builder stages and `USER ${UID}`
    included, and on users the base image ships, such as `USER node`. Here only the final
    stage's user is checked, variables pass, and users of the base image (`node`, `nginx`,
    `nonroot`, `nobody`...) pass: their UID is fixed by the image.
    """
    final = df.final_stage
    if final is None:
        return
    user = final.effective_user
    if user.node is None or user.is_unknown or user.is_root:
        return
    name = user.name.split(":", 1)[0].strip("\"'")
    if not name or name.isdigit() or name in _COMMON:
        return
    facts = final.root_base.facts
    if facts is not None and _BY_FAMILY.get(facts.family.name) == name:
        return
    yield ctx.finding(user.node, f"USER {name} is a name; use its numeric UID so runAsNonRoot can verify it")
