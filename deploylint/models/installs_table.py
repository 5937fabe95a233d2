"""The one package-manager table: which program runs which manager, and which verbs install.

Every rule family asks these tables through :mod:`deploylint.models.installs`: a Dockerfile
``RUN``, a workflow ``run:`` and the project rules see the same managers and the same verbs.

* :data:`PROGRAMS`: program name -> :class:`Manager` (``pip3``, ``python -m pip`` and ``uv pip``
  are found by :func:`identify`, which also says where the manager's own arguments start).
* :data:`VERBS`: manager -> install verb -> :class:`Action`, what the verb does; :data:`VERB_PAIRS`
  for the two-word verbs (``dnf module install``). A command whose verb is not in the table
  installs nothing (``apt-get update``, ``npm run build``).
"""

from __future__ import annotations

import enum

from deploylint.shell.model import Command, Word, parse_args
from deploylint.shell.options import value_options_for

__all__ = [
    "BARE_INSTALL",
    "GLOBAL_PREFIX",
    "OS_MANAGERS",
    "PINNABLE",
    "PROGRAMS",
    "VERBS",
    "VERB_PAIRS",
    "Action",
    "Manager",
    "family",
    "identify",
    "option_table",
    "pip_program",
]


class Manager(enum.StrEnum):
    APT_GET = "apt-get"
    APT = "apt"
    APK = "apk"
    YUM = "yum"
    DNF = "dnf"
    MICRODNF = "microdnf"
    ZYPPER = "zypper"
    PIP = "pip"
    PIPX = "pipx"
    UV_PIP = "uv pip"
    NPM = "npm"
    YARN = "yarn"
    PNPM = "pnpm"
    GEM = "gem"
    GO = "go"
    BUNDLE = "bundle"
    COMPOSER = "composer"
    CARGO = "cargo"


class Action(enum.StrEnum):
    """What an install verb does."""

    #: installs the packages it names; with none named, what the project's manifest lists
    #: (``npm install``, ``pip install -r req.txt``, ``bundle install``, ``composer install``)
    INSTALL = "install"
    #: adds the named packages to the project's manifest and installs them (``yarn add``,
    #: ``composer require``, ``go get``)
    ADD = "add"
    #: installs exactly what the lockfile or requirements file lists (``npm ci``, ``uv pip sync``)
    LOCKED = "locked"
    #: installs again packages already there, at the version they have (``dnf reinstall``)
    REINSTALL = "reinstall"
    #: brings installed packages (or the named ones) to the newest version (``dnf upgrade``,
    #: ``composer update``)
    UPGRADE = "upgrade"
    #: ``dnf module install``: a module stream, chosen as ``name:stream``
    MODULE = "module"
    #: installs package groups (``yum groupinstall "Development Tools"``): names, not packages
    GROUP = "group"
    #: fetches the named package and runs it (``go run pkg@v1``): what follows is its arguments
    RUN = "run"


#: the actions whose package arguments name a version to pin (or leave out)
PINNABLE = frozenset({Action.INSTALL, Action.ADD, Action.MODULE, Action.RUN})

#: the program each manager runs as: one table for Dockerfile and workflow rules alike
PROGRAMS: dict[str, Manager] = {
    "apt-get": Manager.APT_GET,
    "aptitude": Manager.APT_GET,
    "apt": Manager.APT,
    "apk": Manager.APK,
    "yum": Manager.YUM,
    "dnf": Manager.DNF,
    "dnf5": Manager.DNF,
    "tdnf": Manager.DNF,
    "microdnf": Manager.MICRODNF,
    "zypper": Manager.ZYPPER,
    "pipx": Manager.PIPX,
    "npm": Manager.NPM,
    "yarn": Manager.YARN,
    "yarnpkg": Manager.YARN,
    "pnpm": Manager.PNPM,
    "gem": Manager.GEM,
    "go": Manager.GO,
    "bundle": Manager.BUNDLE,
    "bundler": Manager.BUNDLE,
    "composer": Manager.COMPOSER,
    "composer.phar": Manager.COMPOSER,
    "cargo": Manager.CARGO,
}

_A = Action
#: yum, dnf (4 and 5) and microdnf, with the aliases their manuals list
_RPM: dict[str, Action] = {
    "install": _A.INSTALL,
    "in": _A.INSTALL,
    "reinstall": _A.REINSTALL,
    "rei": _A.REINSTALL,
    "upgrade": _A.UPGRADE,
    "up": _A.UPGRADE,
    "update": _A.UPGRADE,
    "upgrade-minimal": _A.UPGRADE,
    "up-min": _A.UPGRADE,
    "update-minimal": _A.UPGRADE,
}
#: yum and dnf also keep the older spellings: ``localinstall`` (install, usually of local files)
#: and ``groupinstall`` (``group install``)
_YUM_DNF = {**_RPM, "localinstall": _A.INSTALL, "groupinstall": _A.GROUP}
#: npm's install command with the aliases and misspellings npm itself accepts
_NPM_INSTALL = ("install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall")
_NPM_CI = ("ci", "clean-install", "ic", "install-clean", "isntall-clean")

#: the verbs that install, per manager, and what each does
VERBS: dict[Manager, dict[str, Action]] = {
    Manager.APT_GET: {"install": _A.INSTALL, "reinstall": _A.REINSTALL},
    Manager.APT: {"install": _A.INSTALL, "reinstall": _A.REINSTALL},
    Manager.APK: {"add": _A.INSTALL},
    Manager.YUM: _YUM_DNF,
    Manager.DNF: _YUM_DNF,
    Manager.MICRODNF: _RPM,
    Manager.ZYPPER: {"install": _A.INSTALL, "in": _A.INSTALL},
    Manager.PIP: {"install": _A.INSTALL},
    Manager.PIPX: {"install": _A.INSTALL},
    Manager.UV_PIP: {"install": _A.INSTALL, "sync": _A.LOCKED},
    Manager.NPM: {
        **dict.fromkeys(_NPM_INSTALL, _A.INSTALL),
        "add": _A.ADD,
        "install-test": _A.INSTALL,  # install, then `npm test`
        "it": _A.INSTALL,
        **dict.fromkeys(_NPM_CI, _A.LOCKED),
        # ci, then `npm test`
        **dict.fromkeys(("install-ci-test", "cit", "clean-install-test", "sit"), _A.LOCKED),
    },
    Manager.YARN: {"add": _A.ADD, "install": _A.INSTALL},
    Manager.PNPM: {"add": _A.ADD, "install": _A.INSTALL, "i": _A.INSTALL},
    Manager.GEM: {"install": _A.INSTALL, "i": _A.INSTALL},
    Manager.GO: {"install": _A.INSTALL, "get": _A.ADD, "run": _A.RUN},
    Manager.BUNDLE: {"install": _A.INSTALL, "add": _A.ADD},
    Manager.COMPOSER: {"install": _A.INSTALL, "i": _A.INSTALL, "require": _A.ADD, "update": _A.UPGRADE},
    Manager.CARGO: {"install": _A.INSTALL},
}
#: two-word verbs: (manager, first word) -> second word -> action
VERB_PAIRS: dict[tuple[Manager, str], dict[str, Action]] = {
    (m, "module"): {"install": _A.MODULE} for m in (Manager.YUM, Manager.DNF, Manager.MICRODNF)
}
#: managers that install with no verb at all (``yarn``, ``bundle``), unless asked for information
BARE_INSTALL = frozenset({Manager.YARN, Manager.BUNDLE})
#: managers whose first positional may be ``global`` before the verb (``yarn global add``)
GLOBAL_PREFIX = frozenset({Manager.YARN, Manager.COMPOSER})

#: the system package managers
OS_MANAGERS = frozenset(
    {Manager.APT_GET, Manager.APT, Manager.APK, Manager.YUM, Manager.DNF, Manager.MICRODNF, Manager.ZYPPER}
)
#: front ends of one package database: ``apt`` and ``apt-get`` share apt's index, ``yum`` is dnf on
#: current Fedora/RHEL and ``microdnf`` reads the same repositories
_FAMILY = {"apt": "apt-get", "yum": "dnf", "microdnf": "dnf"}


def family(manager: str) -> str:
    """The package database a manager works on (``apt`` -> ``apt-get``, ``yum`` -> ``dnf``)."""
    return _FAMILY.get(manager, manager)


#: the option table (:func:`deploylint.shell.options.value_options_for`) a manager's words are read with
_OPTION_TABLE = {Manager.PIPX: "pip", Manager.UV_PIP: "uv"}


def option_table(manager: Manager) -> frozenset[str]:
    """The options of ``manager`` that take a value."""
    return value_options_for(_OPTION_TABLE.get(manager, manager.value))


def pip_program(name: str) -> bool:
    """pip, pip3, pip3.11, pip-3.8."""
    if not name.startswith("pip"):
        return False
    rest = name[3:].lstrip("-")
    return all(c.isdigit() or c == "." for c in rest)


def _python_name(name: str) -> bool:
    if not name.startswith("python"):
        return False
    return all(c.isdigit() or c == "." for c in name[6:])


def identify(cmd: Command) -> tuple[Manager, tuple[Word, ...]] | None:
    """The manager ``cmd`` runs (any subcommand) and the words that are the manager's own: the
    arguments after the program, after ``-m pip`` for ``python -m pip``, after ``pip`` for ``uv
    pip``. ``cmd`` is taken as it is (wrappers such as ``sudo`` are the caller's to strip). The
    program is told by its basename, so ``$VENV/bin/pip`` is pip; ``$PM`` is nothing."""
    name = cmd.command_name
    if name is None:
        return None
    args = cmd.args
    if name in PROGRAMS:
        return PROGRAMS[name], args
    if pip_program(name):
        return Manager.PIP, args
    if _python_name(name):
        # python -m pip install ...; interpreter flags before -m (-I, -u, -B) are skipped
        for k, w in enumerate(args):
            v = w.value
            if v == "-m" and k + 1 < len(args) and args[k + 1].value == "pip":
                return Manager.PIP, args[k + 2 :]
            if v.startswith("-m") and v[2:] == "pip":
                return Manager.PIP, args[k + 1 :]
            if not v.startswith("-") or v in ("-c", "-"):
                return None
        return None
    if name == "uv":
        pos = parse_args(args, value_options_for("uv")).positionals
        if pos and pos[0].value == "pip":
            return Manager.UV_PIP, args[args.index(pos[0]) + 1 :]
    return None
