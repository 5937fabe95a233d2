"""Installs from a project's manifest: queries over :class:`~deploylint.models.installs.PackageInstall`.

Which command installs the project's dependencies (``npm ci``, ``yarn``, ``pip install -r``,
``bundle install``, and the project tools that are no package manager: ``poetry install``, ``uv
sync``), whether it keeps to the lockfile, whether it leaves dev dependencies out. The commands
are ``deploylint.shell.Command`` objects with wrappers such as ``sudo`` looked through; what
installs, and with which verb, is the install model's answer, so these stay thin.
"""

from __future__ import annotations

from collections.abc import Mapping

from deploylint.models.installs import VERBS, Manager, PackageInstall, frozen_in, package_install, pip_program
from deploylint.shell import Command, Word

__all__ = [
    "NODE_MANAGERS",
    "cleans_npm_cache",
    "dependency_install",
    "deprecated_npm_flag",
    "is_lockfile_install",
    "node_install",
    "npm_installs_packages",
    "omits_dev",
    "prunes_dev",
]

NODE_MANAGERS = ("npm", "yarn", "pnpm")
_NODE = {Manager.NPM: "npm", Manager.YARN: "yarn", Manager.PNPM: "pnpm"}


def _sub(cmd: Command) -> str | None:
    sub = cmd.subcommand
    return sub.value if sub is not None else None


def _node(cmd: Command) -> PackageInstall | None:
    """The npm/yarn/pnpm install ``cmd`` performs (``models.installs`` decides what installs)."""
    pi = package_install(cmd)
    return pi if pi is not None and pi.manager in _NODE else None


def _manifest_install(cmd: Command) -> PackageInstall | None:
    """The npm/yarn/pnpm install of the project's manifest ``cmd`` performs, if it is one."""
    pi = _node(cmd)
    return pi if pi is not None and pi.from_manifest and not pi.global_install else None


def node_install(cmd: Command) -> str | None:
    """``"npm"``/``"yarn"``/``"pnpm"`` when ``cmd`` installs the project's dependencies from its
    manifest (``npm ci``, ``npm install`` without packages, ``yarn``, ``yarn install``,
    ``pnpm install``); None otherwise (``npm install express`` or ``yarn add`` adds a package,
    ``npm install -g`` installs a tool)."""
    pi = _manifest_install(cmd)
    return _NODE[pi.manager] if pi is not None else None


def npm_installs_packages(cmd: Command) -> bool:
    """Any npm/yarn/pnpm command that downloads packages (a manifest install or ``npm i pkg``)."""
    return _node(cmd) is not None


def is_lockfile_install(cmd: Command, env: Mapping[str, str] | None = None) -> bool:
    """A manifest install that sticks to the lockfile (``npm ci``, ``--frozen-lockfile``, ``pnpm
    install`` under ``CI``...); True for anything that is not a manifest install. ``env``: the
    variables in effect before the command (a Dockerfile's ENV)."""
    pi = _manifest_install(cmd)
    return pi is None or frozen_in(pi, env or {})


def omits_dev(cmd: Command, env: Mapping[str, str]) -> bool:
    """Whether a manifest install leaves dev dependencies out."""
    values = {a.name: (a.value.value if a.value is not None else "") for a in cmd.assignments}

    def get(name: str, default: str = "") -> str:
        return values[name] if name in values else env.get(name, default)

    if get("NODE_ENV") == "production" or get("NPM_CONFIG_PRODUCTION").lower() == "true":
        return True
    if get("NPM_CONFIG_OMIT", get("npm_config_omit")) == "dev":
        return True
    if cmd.has_flag("--production", "--prod", "-P"):
        return True
    if "dev" in cmd.option_values("--omit"):
        return True
    only = cmd.option_value("--only")
    return only in ("prod", "production")


def prunes_dev(cmd: Command) -> bool:
    """``npm prune --omit=dev``/``--production``, ``yarn workspaces focus --production``, ``pnpm prune --prod``."""
    name = cmd.command_name
    sub = _sub(cmd)
    if name in ("npm", "pnpm") and sub == "prune":
        return bool(cmd.has_flag("--production", "--prod") or "dev" in cmd.option_values("--omit"))
    return name == "yarn" and sub == "workspaces" and bool(cmd.has_flag("--production"))


def deprecated_npm_flag(cmd: Command) -> Word | None:
    """The ``--production``/``--only=prod`` option word of an npm install or prune, if any."""
    if cmd.command_name != "npm" or _sub(cmd) not in (*VERBS[Manager.NPM], "prune"):
        return None
    for opt in cmd.parsed_args().options:
        if opt.name == "--production" or (opt.name == "--only" and opt.value in ("prod", "production")):
            return opt.word
    return None


def cleans_npm_cache(cmd: Command) -> bool:
    return cmd.command_name == "npm" and _sub(cmd) == "cache" and "clean" in [w.value for w in cmd.positionals()]


def dependency_install(cmd: Command) -> str | None:
    """A short label when ``cmd`` installs dependencies from a manifest, else None. Package
    managers are read by the install model (:func:`package_install`); the project tools that
    are no package manager there (poetry, pipenv, ``uv sync``, ``go mod download``) by name."""
    pi = package_install(cmd)
    if pi is not None:
        return _manifest_label(pi)
    name = cmd.command_name
    sub = _sub(cmd)
    if (
        (name == "poetry" and sub == "install")
        or (name == "uv" and sub == "sync")
        or (name == "pipenv" and sub in ("install", "sync"))
    ):
        return f"{name} {sub}"
    if name == "go" and sub == "mod" and [w.value for w in cmd.positionals()[1:2]] == ["download"]:
        return "go mod download"
    return None


def _manifest_label(pi: PackageInstall) -> str | None:
    """How a manifest install is shown (``npm ci``, ``pip install -r``, ``bundle install``)."""
    if _manifest_install(pi.command) is not None:
        return f"{pi.command.command_name} {pi.verb.value if pi.verb is not None else ''}".strip()
    if pi.manager in (Manager.PIP, Manager.UV_PIP) and pi.has_option("-r", "--requirement"):
        name = pi.command.command_name or ""
        return f"{'uv pip' if pi.manager is Manager.UV_PIP else name if pip_program(name) else 'pip'} install -r"
    if pi.manager is Manager.BUNDLE and pi.from_manifest:
        return "bundle install"
    if pi.manager is Manager.COMPOSER and pi.verb is not None and pi.verb.value == "install":
        return "composer install"
    return None
