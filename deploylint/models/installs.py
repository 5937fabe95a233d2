"""Package installs over parsed shell commands: manager, packages and whether each is pinned.

What a command installs, with which manager, and whether each package is pinned. Built on the
shared shell layer (:mod:`deploylint.shell`), so it serves Dockerfile ``RUN`` and workflow
``run:`` scripts alike. The pinning tests follow each manager's own version syntax and leave alone
what cannot be pinned that way: local files (``./x.deb``, ``/tmp/x.apk``, ``pkg.rpm``), URLs,
requirement files and values taken from variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from deploylint.records import record
from deploylint.shell import Command, Word, parse_args, value_options_for
from deploylint.source import Span

__all__ = ["OS_MANAGERS", "Install", "family", "installs", "manager_of", "run_installs"]

#: canonical manager name by command basename
_MANAGER = {
    "apt-get": "apt-get",
    "apt": "apt",
    "aptitude": "apt-get",
    "apk": "apk",
    "yum": "yum",
    "dnf": "dnf",
    "dnf5": "dnf",
    "tdnf": "dnf",
    "microdnf": "microdnf",
    "zypper": "zypper",
    "pip": "pip",
    "pip3": "pip",
    "pip2": "pip",
    "npm": "npm",
    "yarn": "yarn",
    "gem": "gem",
    "go": "go",
}
OS_MANAGERS = frozenset({"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"})
#: front ends of one package database: ``apt`` and ``apt-get`` share apt's index, ``yum`` is dnf on
#: current Fedora/RHEL and ``microdnf`` reads the same repositories
_FAMILY = {"apt": "apt-get", "yum": "dnf", "microdnf": "dnf"}


def family(manager: str) -> str:
    """The package database a canonical manager works on (``apt`` -> ``apt-get``, ``yum`` -> ``dnf``)."""
    return _FAMILY.get(manager, manager)


_VERBS = {
    "apt-get": {"install"},
    "apt": {"install"},
    "apk": {"add"},
    "yum": {"install"},
    "dnf": {"install"},
    "microdnf": {"install"},
    "zypper": {"install", "in"},
    "pip": {"install"},
    "npm": {"install", "i", "add", "isntall", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal"},
    "yarn": {"add"},
    "gem": {"install"},
    "go": {"install"},
}
_PIP_NAME = re.compile(r"python[0-9.]*|pip[0-9.]*")
_FILE_SUFFIXES = (".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".tar.bz2", ".tar.xz")


@record
class Install:
    """One package-install command: ``manager`` is canonical (``apt-get``, ``apk``, ``pip``...)."""

    manager: str
    command: Command
    verb: Word
    packages: tuple[Word, ...]
    options: tuple[str, ...]  # option names given (``-y``, ``--no-cache``)
    option_values: tuple[tuple[str, str | None], ...]

    @property
    def span(self) -> Span:
        return self.command.span

    def has(self, *names: str) -> bool:
        return any(n in self.options for n in names)

    def value(self, *names: str) -> str | None:
        found = None
        for n, v in self.option_values:
            if n in names:
                found = v
        return found

    def unpinned(self) -> Iterator[Word]:
        """Package arguments without a version, leaving out what cannot carry one."""
        if self.manager in ("apt-get", "apt") and self.has("-t", "--target-release", "--default-release"):
            return
        for w in self.packages:
            if not _pinnable(w, self.manager):
                continue
            if not _PINNED[self.manager](w.value, self):
                yield w


def manager_of(cmd: Command) -> str | None:
    name = cmd.command_name or ""
    if name in _MANAGER:
        return _MANAGER[name]
    if _PIP_NAME.fullmatch(name) and name.startswith("pip"):
        return "pip"
    return None


def run_installs(run: Any) -> tuple[Install, ...]:
    """The installs of a Dockerfile ``RUN``, computed once and cached on it."""
    cached: tuple[Install, ...] | None = run._cache.get("installs")
    if cached is None:
        cached = tuple(installs(run.effective_commands, unwrapped=True))
        run._cache["installs"] = cached
    return cached


def installs(commands: Iterable[Command], *, unwrapped: bool = False) -> Iterator[Install]:
    """The package installs among ``commands`` (wrappers such as ``sudo`` looked through)."""
    for raw in commands:
        cmd = raw if unwrapped else raw.effective()
        words = cmd.args
        manager = manager_of(cmd)
        name = cmd.command_name or ""
        if manager is None and name.startswith("python") and _PIP_NAME.fullmatch(name):
            # python -m pip install ...
            vals = [w.value for w in words[:2]]
            if vals == ["-m", "pip"]:
                manager, words = "pip", words[2:]
        if manager is None:
            continue
        parsed = parse_args(words, value_options_for("pip" if manager == "pip" else name))
        pos = parsed.positionals
        if manager == "yarn" and len(pos) >= 2 and pos[0].value == "global":
            pos = pos[1:]
        if not pos or pos[0].value not in _VERBS.get(manager, ()):
            continue
        yield Install(
            manager,
            cmd,
            pos[0],
            pos[1:],
            tuple(o.name for o in parsed.options),
            tuple((o.name, o.value) for o in parsed.options),
        )


def _pinnable(w: Word, manager: str) -> bool:
    """False for what no version syntax applies to: files, paths, URLs, variables."""
    v = w.value
    if not v or w.has_expansion or v.startswith((".", "/", "~", "-")) or "://" in v or v in ("true", "false"):
        return False
    if v.lower().endswith(_FILE_SUFFIXES) or v.startswith(("git+", "file:", "git@")):
        return False
    if manager in ("npm", "yarn"):
        return "/" not in v or v.startswith("@")
    return manager == "go" or "/" not in v


def _apt(v: str, _: Install) -> bool:
    return "=" in v or "/" in v


def _apk(v: str, _: Install) -> bool:
    return any(c in v for c in "=<>~")


_RPM_VERSION = re.compile(r"-\d")


def _rpm(v: str, _: Install) -> bool:
    return v.startswith("@") or bool(_RPM_VERSION.search(v)) or any(c in v for c in "=<>") or "*" in v


def _zypper(v: str, _: Install) -> bool:
    return any(c in v for c in "=<>") or v.endswith(".rpm")


def _pip(v: str, inst: Install) -> bool:
    if any(c in v for c in "=<>~!@"):
        return True
    return v.lower() in ("pip", "setuptools", "wheel") and inst.has("-U", "--upgrade")


def _npm(v: str, _: Install) -> bool:
    body = v[1:] if v.startswith("@") else v
    return "@" in body or v.startswith(("git", "github:", "http", "file:"))


def _gem(v: str, inst: Install) -> bool:
    return ":" in v or inst.has("-v", "--version")


def _go(v: str, _: Install) -> bool:
    return "@" in v and not v.endswith("@latest") and not v.endswith(("@master", "@main"))


def _yarn(v: str, _: Install) -> bool:
    return _npm(v, _)


_PINNED = {
    "apt-get": _apt,
    "apt": _apt,
    "apk": _apk,
    "yum": _rpm,
    "dnf": _rpm,
    "microdnf": _rpm,
    "zypper": _zypper,
    "pip": _pip,
    "npm": _npm,
    "yarn": _yarn,
    "gem": _gem,
    "go": _go,
}
