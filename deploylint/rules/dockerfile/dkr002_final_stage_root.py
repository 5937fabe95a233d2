from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Entrypoint, Expose, Stage
from deploylint.profiles import words
from deploylint.registry import Kind, rule

if TYPE_CHECKING:
    from deploylint.shell.model import Command


@rule(
    id="DKR002",
    name="final-stage-runs-as-root",
    title="Final stage runs as root",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("security",),
    aliases=("DL3002", "DS-0002", "CKV_DOCKER_8"),
    security_severity=6.0,
    needs_project=True,
)
def final_stage_root(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Code that breaks out of a root process is root in the container, one kernel or mount mistake
    away from the host. Only the final stage runs in production, so this follows the `FROM
    <stage>` chain to the user the final image runs as. No USER at all means root, unless the
    base image is known to run as non-root (distroless `:nonroot`, Chainguard) or to drop root in
    its own entrypoint (postgres, redis), or is an image this project builds itself (a workflow
    here tags images of that namespace) whose own Dockerfile sets a non-root USER. Root in a builder stage is fine, and so is a development
    or test image (`Dockerfile.dev`, `test/Dockerfile`, a final stage named `dev` or `test`).
    An image whose ENTRYPOINT or CMD starts an init system or supervisor (runit,
    s6-overlay's `/init`, supervisord, cron), or installs one (`runit`, `supervisor`, `cron`),
    starts as root to run each service as its own user; so may one whose entrypoint script
    follows an installer the linter cannot read (`RUN /opt/app/scripts/install`), which decides
    what starts. An image that wraps a command-line tool
    (`ENTRYPOINT ["jq"]`, no EXPOSE) runs per invocation, not as a service. A base image
    (`Dockerfile.base`) leaves USER to the images built on it. All of these are `info`.
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
    sev = Severity.INFO if _root_by_design(final) or "base" in words(df.source.path.name) else None
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
    if facts is None and _own_image_user(base.hub_repository, ctx) != _ROOT:
        return  # an image this project publishes: its own Dockerfile decides the user
    shown = base.resolved or base.raw.value
    msg = f"final stage runs as root: no USER instruction, and {shown} runs as root by default"
    yield ctx.finding(final.from_, msg, severity=sev)


#: programs that start as root on purpose and run each service as its own user: init systems and
#: supervisors (runit, s6-overlay's /init, supervisord, cron)
SUPERVISORS = frozenset({"runsvdir", "runit", "my_init", "s6-svscan", "supervisord", "cron", "crond", "busybox-cron"})
#: system packages of those init systems and supervisors: an image that installs one runs it
SUPERVISOR_PACKAGES = ("runit", "supervisor", "cron", "cronie", "s6", "s6-overlay", "busybox-openrc")
#: programs that run an application (interpreters, shells, init shims) rather than being the
#: command-line tool an image wraps
_RUNTIMES = frozenset(
    {"sh", "bash", "ash", "dash", "zsh", "node", "nodejs", "bun", "deno", "npm", "npx", "pnpm", "yarn", "python"}
    | {"python3", "uv", "gunicorn", "uvicorn", "java", "ruby", "bundle", "rails", "php", "php-fpm", "perl"}
    | {"dotnet", "tini", "dumb-init", "gosu", "su-exec", "env", "exec", "nginx", "httpd", "caddy", "pm2", "pm2-runtime"}
)


def _root_by_design(final: Stage) -> bool:
    """The image starts as root on purpose, or runs per invocation rather than as a service: it
    starts an init system or supervisor (by name, or one it installs), its entrypoint script
    follows an installer the linter cannot read, or it wraps a command-line tool (an exec-form
    ENTRYPOINT of a program that is no interpreter, shell or script, and no EXPOSE)."""
    program = final.start_words[0] if final.start_words else ""
    name = program.rsplit("/", 1)[-1]
    if program == "/init" or name in SUPERVISORS:
        return True
    if any(final.installs(pkg) for pkg in SUPERVISOR_PACKAGES):
        return True
    script = name.endswith(".sh") or "entrypoint" in name
    if script and any(_installer(cmd) for _, cmd in final.unseen_scripts()):
        return True
    exposes = any(isinstance(i, Expose) for st in final.chain for i in st.instructions)
    tool = name and not script and "." not in name and name not in _RUNTIMES
    start = final.start
    return isinstance(start, Entrypoint) and start.json and bool(tool) and not exposes


def _installer(cmd: "Command") -> bool:
    """``cmd`` runs an application's own installer the linter cannot read (``/opt/app/install``,
    ``./setup.sh``): it decides which services the image starts. A source build's ``./configure``
    is no installer."""
    script = cmd.script_file
    return script is not None and bool(words(script.value.rsplit("/", 1)[-1]) & _INSTALLER_WORDS)


_INSTALLER_WORDS = frozenset({"install", "installer", "setup"})
_ROOT = "root"


def _own_image_user(name: str, ctx: Context) -> str | None:
    """When ``name`` is an image this project builds (a workflow here tags an image of its
    registry namespace, ``acme/app-amd64`` for ``acme/app``): the user the final stage of that
    build's Dockerfile runs as (``_ROOT`` for root, None when unknown or not one answer).
    ``_ROOT`` too when no workflow here builds one: root, the default, is then assumed."""
    from deploylint.models.project import DockerfileRef

    project = ctx.project
    namespace = _namespace(name)
    if project is None or namespace is None:
        return _ROOT
    users: set[str | None] = set()
    for build in project.workflow_builds:
        if not any(_namespace(t.repository) == namespace for t in build.tags):
            continue
        ref = project.dockerfile(build.dockerfile) if isinstance(build.dockerfile, Path) else None
        final = ref.model.final_stage if isinstance(ref, DockerfileRef) else None
        user = final.effective_user if final is not None else None
        users.add(None if user is None or user.is_unknown else _ROOT if user.is_root else user.name)
    if not users:
        return _ROOT
    return users.pop() if len(users) == 1 else None


def _namespace(repository: str) -> str | None:
    """The account part of an image repository, registry host left out (``acme`` for
    ``ghcr.io/acme/app``), or None for an image with none (``node``, ``library/node``)."""
    parts = repository.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    return parts[-2] if len(parts) > 1 and parts[-2] != "library" else None


def _packaging(df: Dockerfile) -> bool:
    """A container that builds distribution packages (``packaging/debian/Dockerfile``): not a runtime image."""
    return any("packaging" in words(part) for part in df.source.path.parts[:-1])


def _compose_sets_user(df: Dockerfile, ctx: Context) -> bool:
    """Every compose service that builds this Dockerfile sets a non-root ``user:``."""
    project = ctx.project
    if project is None or not project.compose_nearby(df.source.path):
        return False
    builds = project.overrides_for(df, "user")
    if not builds:
        return False
    users = [sb.service.service.user for sb in builds]
    return all(u is not None and u.value.split(":", 1)[0] not in ("root", "0", "") for u in users)
