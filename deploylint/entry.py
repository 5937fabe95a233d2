"""The ``deploylint`` command's start: ``check`` in its common forms without click.

Importing click and building the command's thirty options costs more than linting one small
Dockerfile (about a fifth of a pre-commit run). :func:`quick_check` reads the forms pre-commit, CI
and editors use (``check``, then the options below and paths, in any order, ``--`` ending the
options) and hands them to :func:`deploylint.check_command.run`, the same function the click
command calls. Anything else (help, ``--version``, another command, an option not read here, a
short-option cluster, a value click would refuse, standard input, shell completion) goes to click
untouched, so its help and its error messages stay the only ones: a form is read here only when
click would accept it and give the same values. A usage error found by ``run`` (a path that does
not exist) also goes back to click, which reports it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from deploylint.check_command import COLORS, FAIL_ON, FORMATS, KINDS, PRESETS, SEVERITIES

#: flags: option -> (parameter, value when given)
_FLAGS: dict[str, tuple[str, bool]] = {
    "--no-cache": ("no_cache", True),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
    "--verbose": ("verbose", True),
    "-v": ("verbose", True),
    "--no-ignores": ("no_ignores", True),
    "--statistics": ("statistics", True),
    "--preview": ("preview", True),
    "--fingerprints": ("fingerprints", True),
    "--no-fingerprints": ("fingerprints", False),
}
#: options with one of a few values: option -> (parameter, the values)
_CHOICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "--format": ("fmt", FORMATS),
    "--fail-on": ("fail_on", FAIL_ON),
    "--min-severity": ("min_severity", SEVERITIES),
    "--color": ("color", COLORS),
    "--kind": ("kind", KINDS),
    "--preset": ("preset", PRESETS),
}
#: repeatable options (a tuple of every value, in order)
_MULTIPLE = {"--select": "select", "--extend-select": "extend_select", "--ignore": "ignore", "--exclude": "exclude"}
#: path options: option -> (parameter, a file may be named, a folder may be named)
_PATHS: dict[str, tuple[str, bool, bool]] = {
    "--output": ("output", True, False),
    "-o": ("output", True, False),
    "--config": ("config_file", True, False),
    "--cache-dir": ("cache_dir", False, True),
}
_TEXT = {"--category": "category"}
_INTS = {"--jobs": "jobs", "-j": "jobs"}
#: every option that takes a value
_VALUED = {*_CHOICES, *_MULTIPLE, *_PATHS, *_TEXT, *_INTS}


def _path_ok(value: str, file_okay: bool, dir_okay: bool) -> bool:
    """Whether ``click.Path(file_okay, dir_okay)`` (readable, need not exist) takes ``value``."""
    try:
        st = os.stat(value)  # noqa: PTH116 - the string as given, as click stats it
    except (OSError, ValueError):
        return True
    if not file_okay and stat.S_ISREG(st.st_mode):
        return False
    if not dir_okay and stat.S_ISDIR(st.st_mode):
        return False
    return os.access(value, os.R_OK)


def quick_check(args: list[str]) -> dict[str, object] | None:
    """The parameters of ``check`` in ``args`` (the command line after the program's name), or
    None when click must read them."""
    if not args or args[0] != "check" or "_DEPLOYLINT_COMPLETE" in os.environ:
        return None
    params: dict[str, object] = {}
    paths: list[str] = []
    multiple: dict[str, list[str]] = {}
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--":
            paths += rest
            break
        if not arg.startswith("-") or arg == "-":
            if arg == "-":
                return None  # standard input: click and the stdin checks
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _FLAGS and not eq:
            param, flag = _FLAGS[name]
            params[param] = flag
            continue
        if name not in _VALUED:
            return None
        if not eq:
            got = next(rest, None)
            if got is None or got.startswith("-"):
                return None  # a missing value, or one click may read otherwise
            value = got
        if name in _CHOICES:
            param, allowed = _CHOICES[name]
            if value not in allowed:
                return None
            params[param] = value
        elif name in _MULTIPLE:
            multiple.setdefault(_MULTIPLE[name], []).append(value)
        elif name in _PATHS:
            param, file_okay, dir_okay = _PATHS[name]
            if not _path_ok(value, file_okay, dir_okay):
                return None
            params[param] = Path(value)
        elif name in _TEXT:
            params[_TEXT[name]] = value
        else:
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            params[_INTS[name]] = int(value)
    if not all(_path_ok(p, True, True) for p in paths):
        return None
    params.update((k, tuple(v)) for k, v in multiple.items())
    params["paths"] = tuple(map(Path, paths))
    return params


def _code(call: Callable[[], object]) -> int:
    """Run ``call`` as click's standalone mode does, and the exit code it asks for."""
    try:
        try:
            call()
        except (EOFError, KeyboardInterrupt):
            sys.stderr.write("\nAborted!\n")
            sys.stderr.flush()
            return 1
        except OSError as exc:
            import errno

            if exc.errno != errno.EPIPE:
                raise
            return 1
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    return 0


def _click(args: list[str]) -> None:
    from deploylint.cli import cli

    cli(args, prog_name="deploylint")


def _quick(params: dict[str, object], args: list[str]) -> None:
    from deploylint.check_command import Usage, run

    try:
        run(**params)  # type: ignore[arg-type]  # quick_check gives each parameter its type
    except Usage:
        _click(args)  # click reports it, with the command's usage line


def main(argv: list[str] | None = None) -> None:
    """The ``deploylint`` command (console script and ``python -m deploylint``).

    After the report is written the process leaves with ``os._exit``: interpreter teardown frees
    every module and every model object one by one, which measured 13 ms of a ~100 ms one-file
    run. Output streams are flushed first; nothing of ours needs atexit (a worker pool is shut
    down before the report). ``DEPLOYLINT_SLOW_EXIT=1`` keeps the normal exit (coverage tools).
    """
    args = sys.argv[1:] if argv is None else list(argv)
    params = quick_check(args)
    code = _code(lambda: _quick(params, args) if params is not None else _click(args))
    if os.environ.get("DEPLOYLINT_SLOW_EXIT"):
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said there
            code = code or 1
    os._exit(code)


__all__ = ["main", "quick_check"]
