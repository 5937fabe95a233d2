from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Cmd, Dockerfile, Entrypoint, Stage
from deploylint.profiles import words
from deploylint.registry import Kind, rule


@rule(
    id="DKR002",
    name="final-stage-runs-as-root",
    title="Final stage runs as root",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("DL3002", "DS-0002", "CKV_DOCKER_8"),
    security_severity=6.0,
)
def final_stage_root(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Code that breaks out of a root process is root in the container, one kernel or mount mistake
    away from the host. Only the final stage runs in production, so this follows the `FROM
    <stage>` chain to the user the final image runs as. No USER at all means root, unless the
    base image is known to run as non-root (distroless `:nonroot`, Chainguard) or to drop root in
    its own entrypoint (postgres, redis). Root in a builder stage is fine, and so is a development
    or test image (`Dockerfile.dev`, `test/Dockerfile`, a final stage named `dev` or `test`).
    An image whose ENTRYPOINT or CMD starts an init system or supervisor (runit,
    s6-overlay's `/init`, supervisord, cron) starts as root to run each service as its own user,
    and a base image (`Dockerfile.base`) leaves USER to the images built on it: both are `info`.
    A container under `packaging/` builds distribution packages and never runs as a service: not
    judged.

    ## Example
        FROM node:20-slim
        COPY . /app
        CMD ["node", "/app/server.js"]

    ## Use instead
        FROM node:20-slim
        COPY . /app
        USER node
        CMD ["node", "/app/server.js"]

    ## Differences from hadolint
    DL3002 looks at the last USER of every stage, so a root builder stage fires and a final
    stage without any USER does not; here it is the reverse. When every compose service that
    builds this Dockerfile sets a non-root `user:`, the image never runs as root and the rule
    stays quiet. checkov's CKV_DOCKER_8 compares with
    the exact string `root` (missing `0` and `root:root`).
    """
    final = df.final_stage
    if final is None or df.is_development_image:
        return
    user = final.effective_user
    if user.is_unknown or not user.is_root:
        return
    if _compose_sets_user(df, ctx) or _packaging(df):
        return
    sev = Severity.INFO if _starts_supervisor(final) or "base" in words(df.source.path.name) else None
    if user.node is not None:
        msg = f"final stage runs as {user.name!r}; switch to an unprivileged USER"
        yield ctx.finding(user.node, msg, severity=sev)
        return
    base = final.root_base
    if not base.is_resolved and not base.is_stage:
        return  # FROM ${IMAGE} with no known value: we cannot tell who it runs as
    facts = base.facts
    if facts is not None and facts.family.drops_privileges:
        return
    shown = base.resolved or base.raw.value
    msg = f"final stage runs as root: no USER instruction, and {shown} runs as root by default"
    yield ctx.finding(final.from_, msg, severity=sev)


#: programs that start as root on purpose and run each service as its own user: init systems and
#: supervisors (runit, s6-overlay's /init, supervisord, cron)
SUPERVISORS = frozenset({"runsvdir", "runit", "my_init", "s6-svscan", "supervisord", "cron", "crond", "busybox-cron"})


def _starts_supervisor(final: Stage) -> bool:
    """The image starts an init system or supervisor (ENTRYPOINT, else CMD, of the stage chain)."""
    for cls in (Entrypoint, Cmd):
        for st in final.chain:
            found = [i for i in st.instructions if isinstance(i, cls)]
            if found:
                ins = found[-1]
                shell = ins.shell_text.text if ins.shell_text is not None else ""
                first = ins.args[0].value if ins.json and ins.args else (shell.split() or [""])[0]
                return first == "/init" or first.rsplit("/", 1)[-1] in SUPERVISORS
    return False


def _packaging(df: Dockerfile) -> bool:
    """A container that builds distribution packages (``packaging/debian/Dockerfile``): not a runtime image."""
    return any("packaging" in words(part) for part in df.source.path.parts[:-1])


def _compose_sets_user(df: Dockerfile, ctx: Context) -> bool:
    """Every compose service that builds this Dockerfile sets a non-root ``user:``."""
    if not df.compose_nearby:
        return False
    project = ctx.project
    builds = project.overrides_for(df, "user") if project is not None else None
    if not builds:
        return False
    users = [sb.service.service.user for sb in builds]
    return all(u is not None and u.value.split(":", 1)[0] not in ("root", "0", "") for u in users)
