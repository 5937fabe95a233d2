"""Package caches in a Dockerfile layer: where each manager keeps its downloads, and whether a
``RUN`` mounts, removes or cleans that folder after it installs.

One cache-folder table (:data:`CACHE_DIRS`) for every rule that asks whether a cache stays in a
layer (DKR063, DKR064), and the environment a command runs with (``PIP_NO_CACHE_DIR``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from deploylint.models.installs import PackageInstall
from deploylint.shell.model import Command
from deploylint.truth import env_flag

if TYPE_CHECKING:
    from deploylint.models.dockerfile import Run

__all__ = ["CACHE_DIRS", "cache_cleaned", "cache_mounted", "cleaned_after", "covers", "env_for", "toggle"]


#: the one table of cache folders (for every rule that asks whether a cache stays in a layer):
#: where each manager keeps what it downloads, as its documentation places it (apt's package
#: lists; apk's cache; dnf 4 and yum, dnf 5's libdnf5 and microdnf share the rpm caches; zypper's
#: zypp cache; pip's, yarn's and npm's per-user caches under root's home)
CACHE_DIRS: dict[str, tuple[str, ...]] = {
    "apt-get": ("/var/lib/apt/lists",),
    "apt": ("/var/lib/apt/lists",),
    "apk": ("/var/cache/apk",),
    "yum": ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"),
    "dnf": ("/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"),
    "microdnf": ("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"),
    "zypper": ("/var/cache/zypp",),
    "pip": ("/root/.cache/pip",),
    "pipx": ("/root/.cache/pip",),
    "yarn": ("/usr/local/share/.cache/yarn", "/root/.cache/yarn", "/root/.yarn/berry/cache"),
    "npm": ("/root/.npm",),
}
#: the programs whose ``clean`` subcommand empties a manager's cache: the front ends of one
#: package database clean each other's (``dnf install`` then ``microdnf clean all``)
_CLEANERS: dict[str, tuple[str, ...]] = {
    "yum": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "dnf": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "microdnf": ("yum", "dnf", "dnf5", "microdnf", "tdnf"),
    "zypper": ("zypper",),
    "apk": ("apk",),
    "yarn": ("yarn",),
    "npm": ("npm",),
}
#: managers whose clean is a ``cache`` subcommand (``yarn cache clean``, ``npm cache clean``)
_CACHE_SUBCOMMAND = frozenset({"yarn", "npm", "apk"})
#: the clean subcommands (zypper's ``cc`` alias, ``apk cache clean``)
_CLEAN_WORDS = {"clean", "cc"}


def covers(target: str, directory: str) -> bool:
    """Whether a mount at ``target`` holds ``directory`` (the folder itself or one above it)."""
    t = target.rstrip("/") or "/"
    return directory == t or directory.startswith(t + "/")


#: the cache folder under any user's home (``/home/app/.cache/pip``), for mounts and ``rm``
_USER_CACHE: dict[str, str] = {"pip": ".cache/pip", "pipx": ".cache/pip", "yarn": ".cache/yarn", "npm": ".npm"}


def _holds(target: str, manager: str) -> bool:
    suffix = _USER_CACHE.get(manager)
    if suffix is not None and (target.rstrip("/").endswith("/" + suffix) or target.rstrip("/").endswith(".cache")):
        return True
    return any(covers(target, d) for d in CACHE_DIRS.get(manager, ()))


def cache_mounted(run: Run, manager: str) -> bool:
    """A ``--mount=type=cache`` or ``type=tmpfs`` of the RUN holds the manager's cache folder,
    so what the manager downloads never reaches the layer."""
    return any(m.type in ("cache", "tmpfs") and m.target and _holds(m.target, manager) for m in run.mounts)


def cache_cleaned(run: Run, inst: PackageInstall) -> bool:
    """The RUN keeps no cache of ``inst``: a cache or tmpfs mount holds the cache folder, or a
    command after the install removes that folder (``rm -rf /var/lib/apt/lists/*``) or runs the
    manager's clean (``dnf clean all``, ``zypper cc``, ``yarn cache clean``). A clean before the
    install does not count: the install fills the cache again."""
    return cache_mounted(run, inst.manager) or cleaned_after(run, inst.manager, inst.command)


def cleaned_after(run: Run, manager: str, command: Command) -> bool:
    """A command of the RUN after ``command`` removes ``manager``'s cache folder or cleans it."""
    dirs = CACHE_DIRS.get(manager, ())
    suffix = _USER_CACHE.get(manager)
    cleaners = _CLEANERS.get(manager, ())
    after = False
    for cmd in run.effective_commands:
        if cmd is command:
            after = True
            continue
        if not after:
            continue
        name = cmd.command_name
        if name == "rm" and any(
            a.value.startswith(dirs) or (suffix is not None and suffix in a.value) for a in cmd.args
        ):
            return True
        words = {a.value for a in cmd.args}
        if name in cleaners and words & _CLEAN_WORDS and (manager not in _CACHE_SUBCOMMAND or "cache" in words):
            return True
    return False


# -- environment toggles ---------------------------------------------------------------------

#: a boolean environment setting as pip and most tools read it: see :mod:`deploylint.truth`
toggle = env_flag


def env_for(run: Run, command: Command, name: str, env: Mapping[str, str]) -> str | None:
    """The value of variable ``name`` that ``command`` runs with: its own ``NAME=value`` prefix,
    else the last ``export NAME=value`` before it in the RUN, else ``env`` (the ENV in effect)."""
    for a in command.assignments:
        if a.name == name:
            return str(a.value.value) if a.value is not None else ""
    found = env.get(name)
    for cmd in run.effective_commands:
        if cmd is command:
            break
        if cmd.command_name in ("export", "declare", "typeset"):
            for w in cmd.args:
                key, sep, value = w.value.partition("=")
                if sep and key == name:
                    found = value
    return found
