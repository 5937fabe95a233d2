"""The body of ``deploylint check``, without click.

``deploylint.cli`` declares the command's options with click and calls :func:`run`; the start-up
path (:mod:`deploylint.entry`) calls it directly for the common forms (``check [options] [paths]``,
as pre-commit and CI run it), so that a one-file run does not import click. Usage errors are
raised as :class:`Usage` before any work; the click command turns them into click's usage error,
and the start-up path hands the whole command line to click, which reports them.

Exit codes: 0 nothing at or above the threshold, 1 findings (or an internal error), 2 usage or
config error. With ``--format sarif`` the default threshold is "never", so an upload step after
the scan still runs; pass ``--fail-on`` to change that.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from deploylint.cache import Cache
    from deploylint.engine import Report, Stdin
    from deploylint.reporters import Reporter, ReportOptions
    from deploylint.settings import Overrides, Settings

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit", "checkstyle", "html")
KINDS = ("dockerfile", "compose", "nginx", "workflow", "action", "dependabot")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("error", "warning", "info")
PRESETS = ("default", "strict")
COLORS = ("auto", "always", "never")


class Usage(Exception):
    """A usage error (exit 2), raised before the scan starts. Its message is escaped as the text
    format escapes (a path on the command line may hold a newline or a terminal escape)."""

    def __init__(self, message: str) -> None:
        from deploylint.reporters._escape import text

        super().__init__(text(message))


def unusable_path(targets: list[Path]) -> str | None:
    """Why the first of ``targets`` cannot be checked, or None when each can be looked at.

    A path is usable when ``lstat`` succeeds (a dangling link is reported by the scan, as
    CORE004); a name longer than the system allows or a folder that cannot be searched is a
    usage error here, not a traceback later."""
    for p in targets:
        try:
            os.lstat(p)
        except (FileNotFoundError, NotADirectoryError):
            return f"path does not exist: {p}"
        except OSError as exc:
            return f"cannot read path {p}: {exc.strerror or exc}"
        except ValueError:  # a NUL byte, which no file name holds
            return f"path does not exist: {p!r}"
    return None


def echo(message: str, *, err: bool = False, nl: bool = True) -> None:
    """Write ``message`` as ``click.echo`` does: a newline, a flush, and ANSI escapes stripped
    when the stream is not a terminal."""
    stream = sys.stderr if err else sys.stdout
    if "\033" in message and not stream.isatty():
        import re

        message = re.sub(r"\033\[[0-?]*[ -/]*[@-~]", "", message)
    stream.write(message + "\n" if nl else message)
    stream.flush()


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


class _Progress:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < 200:
            return
        if done % 25 and done != total:
            return
        width = 30
        filled = width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        self.stream.flush()
        self.shown = True
        if done == total:
            self.stream.write("\r" + " " * (width + 30) + "\r")
            self.stream.flush()


def run(
    paths: tuple[Path, ...] = (),
    *,
    fmt: str = "text",
    output: Path | None = None,
    select: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    fail_on: str | None = None,
    config_file: Path | None = None,
    no_ignores: bool = False,
    exclude: tuple[str, ...] = (),
    kind: str | None = None,
    stdin_filename: str | None = None,
    min_severity: str | None = None,
    verbose: bool = False,
    preset: str | None = None,
    preview: bool | None = None,
    quiet: bool = False,
    color: str = "auto",
    statistics: bool = False,
    jobs: int | None = None,
    category: str = "deploylint/",
    fingerprints: bool = True,
    fix: bool = False,
    unsafe_fixes: bool = False,
    show_diff: bool = False,
    fix_only: bool = False,
    online: bool = False,
    baseline_file: Path | None = None,
    no_cache: bool = False,
    cache_dir: Path | None = None,
) -> None:
    """``deploylint check``: lint ``paths`` and exit (the options are those of the command)."""
    from deploylint.config import ConfigError
    from deploylint.engine import Engine, UsageError
    from deploylint.findings import Severity
    from deploylint.kinds import Kind
    from deploylint.paths import name_too_long
    from deploylint.reporters import ReportOptions, get
    from deploylint.settings import Overrides

    reads_stdin = paths == (Path("-"),) or (stdin_filename is not None and not paths)
    if Path("-") in paths and not reads_stdin:
        raise Usage("'-' (standard input) cannot be combined with other paths")
    if stdin_filename is not None and not reads_stdin:
        raise Usage("--stdin-filename names standard input: pass '-' or no paths")
    if stdin_filename is not None and name_too_long(stdin_filename):
        raise Usage(f"--stdin-filename is longer than a file name may be: {stdin_filename[:80]}...")
    targets = [Path(stdin_filename or "-")] if reads_stdin else (list(paths) or [Path()])
    problem = None if reads_stdin else unusable_path(targets)
    if problem is not None:
        raise Usage(problem)
    overrides = Overrides(
        select=_split(select) if select else None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        exclude=list(exclude),
        no_ignores=no_ignores,
        preset=preset,
        preview=bool(preview),
    )
    if not reads_stdin:  # the refs cache of this start; its root is looked up when a rule or --online reads it
        overrides.refs_start = targets[0]
    settings = _settings(targets[0], config_file, overrides)
    if jobs:
        settings.jobs = jobs
    if fail_on is not None:
        settings.fail_on = None if fail_on == "never" else Severity(fail_on)
    elif fmt == "sarif":
        settings.fail_on = None
    tty = sys.stderr.isatty()
    progress = _Progress(sys.stderr) if tty and not quiet else None
    stdin = _read_stdin(targets[0], stdin_filename, kind, settings) if reads_stdin else None
    fixing = fix or show_diff or fix_only
    # the fixer rewrites files between rounds and checks each round's text: it never uses the cache
    cache = None if no_cache or fixing or reads_stdin else _cache(settings, targets[0], cache_dir)
    engine = Engine(settings, kind=Kind(kind) if kind else None, progress=progress, stdin=stdin, cache=cache)
    # this process makes one report and exits; the engine pauses the cyclic GC during the scan,
    # and it stays off while the report is rendered too (a SARIF render of the corpus would
    # otherwise pay for full collections over every model the report keeps)
    gc.disable()
    if fixing and reads_stdin:
        raise Usage("--fix and --diff work on files, not on standard input")
    if online and not reads_stdin:
        _online(settings, targets, kind, quiet)
    try:
        report = _fix(settings, targets, kind, unsafe_fixes, show_diff, quiet) if fixing else engine.run(targets)
    except (UsageError, ConfigError) as exc:
        echo(f"deploylint: {exc}", err=True)
        sys.exit(2)
    if baseline_file is not None:
        report = _apply_baseline(report, baseline_file, quiet)
    to_terminal = output is None and sys.stdout.isatty()
    use_color = color == "always" or (color == "auto" and to_terminal and "NO_COLOR" not in os.environ)
    options = ReportOptions(
        color=use_color,
        code_frames=fmt == "text" and tty,
        statistics=statistics,
        quiet=quiet,
        category=category,
        fingerprints=fingerprints,
        min_severity=Severity(min_severity or "warning") if fmt == "text" else None,
        verbose=verbose,
    )
    render = get(fmt)
    if output is not None:
        _write_output(output, report, render, options)
        if fmt != "text" and not quiet:
            from deploylint.reporters.text import summary_line

            echo(summary_line(report), err=True)
    else:
        render(report, sys.stdout, options)
    from deploylint.reporters._escape import path_text
    from deploylint.reporters._escape import text as escaped

    reasons = dict(report.passed_over)
    for name in report.skipped:  # names are the scanned repository's: escaped like a report's
        if not quiet:
            why = reasons.get(name)
            told = why + "; skipped (use --kind)" if why else NOT_RECOGNISED
            echo(f"deploylint: {escaped(name)}: {escaped(told)}", err=True)
    if verbose:
        for name, reason in report.passed_over:
            echo(f"{path_text(name)}: skipped ({escaped(reason)})", err=True)
    if not fixing and not quiet and fmt == "text":
        _fix_hint(report)
    if fix_only:
        sys.exit(1 if report.internal_errors else 0)
    sys.exit(1 if report.failed(settings.fail_on) else 0)


def _cache(settings: Settings, start: Path, given: Path | None) -> Cache | None:
    """The cache for a scan starting at ``start`` (see deploylint.cache); None when no folder is
    named for it and the root is only the fallback (no ``.git``, no config): files checked outside
    any project leave nothing behind."""
    from deploylint.cache import ENV_VAR, Cache, is_project_root
    from deploylint.discovery import find_root
    from deploylint.paths import resolve

    root = resolve(settings.root or find_root(start))
    named = given is not None or os.environ.get(ENV_VAR) or settings.cache_dir is not None
    if not named and settings.root is None and not is_project_root(root):
        return None
    if given is None and not os.environ.get(ENV_VAR):
        problem = _cache_dir_leaves_root(settings, root)
        if problem is not None:
            from deploylint.reporters._escape import text as escaped

            echo(f"deploylint: config error: {escaped(problem)}", err=True)
            sys.exit(2)
    return Cache.locate(settings, root, given)


def _cache_dir_leaves_root(settings: Settings, root: Path) -> str | None:
    """Why the config's ``cache-dir`` may not be used, or None.

    A config inside the scanned root came with the repository: its ``cache-dir`` is input, and
    one that leads out of the root (``../../elsewhere``, ``/etc/x``) would make the scan create
    folders and write files wherever the repository says. Only ``--cache-dir`` and
    ``$DEPLOYLINT_CACHE_DIR`` (or a config given outside the root) may name a folder elsewhere."""
    from deploylint.paths import is_within, resolve

    if settings.cache_dir is None or settings.base is None or not is_within(settings.base, root):
        return None
    folder = Path(os.path.abspath(settings.base / settings.cache_dir))  # noqa: PTH100 - as written, links kept
    if is_within(folder, root) and is_within(resolve(folder), root):
        return None
    where = settings.config_path if settings.config_path is not None else settings.base
    return (
        f"{where}: cache-dir {str(settings.cache_dir)!r} is outside the scanned root {root}: a config in the"
        " repository keeps its cache inside it (--cache-dir or $DEPLOYLINT_CACHE_DIR name a folder elsewhere)"
    )


def _fix(settings: Settings, targets: list[Path], kind: str | None, unsafe: bool, diff: bool, quiet: bool) -> Report:
    """Run the fixer; with ``diff`` print the changes and exit, else report what was fixed and
    return the report of the fixed files."""
    from deploylint.fix import Policy, fix_scan, unified_diff
    from deploylint.kinds import Kind
    from deploylint.registry import Registry

    reg = Registry()
    reg.load(list(Kind))
    policy = Policy(
        unsafe=unsafe,
        extend_safe=frozenset(reg.resolve_all(settings.extend_safe_fixes)),
        extend_unsafe=frozenset(reg.resolve_all(settings.extend_unsafe_fixes)),
    )
    run = fix_scan(settings, targets, policy, registry=reg, kind=Kind(kind) if kind else None, write=not diff)
    changed = {d: o for d, o in sorted(run.outcomes.items()) if o.changed}
    for w in run.withdrawn:
        s = w.finding.location.span
        echo(
            f"deploylint: {w.finding.location.path}:{s.start_line}:{s.start_col}: fix for {w.finding.rule_id} "
            f"withdrawn: {w.reason}",
            err=True,
        )
    if diff:
        for d, o in changed.items():
            echo(unified_diff(d, o.original, o.text), nl=False)
        if not quiet:
            n = sum(len(o.applied) for o in changed.values())
            echo(f"deploylint: {n} fix{'es' if n != 1 else ''} would change {len(changed)} files", err=True)
        sys.exit(1 if changed else 0)
    for d, why in sorted(run.not_written.items()):
        from deploylint.reporters._escape import text as escaped

        echo(f"deploylint: {escaped(d)}: not written: {escaped(why)}", err=True)
    if not quiet:
        n = sum(len(run.outcomes[d].applied) for d in run.written)
        echo(f"deploylint: fixed {n} finding{'s' if n != 1 else ''} in {len(run.written)} files", err=True)
    return run.report


def _online(settings: Settings, targets: list[Path], kind: str | None, quiet: bool) -> None:
    """``--online``: resolve the refs GHA009 names and store them in the refs cache."""
    from deploylint import pins
    from deploylint.kinds import Kind
    from deploylint.reporters._escape import text as escaped

    path = pins.path_for(settings)
    if path is None:
        return
    done = pins.refresh(settings, targets, path, kind=Kind(kind) if kind else None)
    for k in done.unknown:
        echo(f"deploylint: {escaped(k)}: no such tag or branch on GitHub; not pinned", err=True)
    for k, why in sorted(done.failed.items()):
        echo(f"deploylint: {escaped(k)}: not resolved: {escaped(why)}", err=True)
    if not quiet:
        n = len(done.resolved)
        echo(f"deploylint: resolved {n} action ref{'s' if n != 1 else ''} into {escaped(str(path))}", err=True)


def _fix_hint(report: Report) -> None:
    """Say how many findings ``--fix`` (and ``--unsafe-fixes``) would fix, with the config's
    ``extend-safe-fixes``/``extend-unsafe-fixes`` applied."""
    fixable = [f for f in report.findings if f.fix is not None and f.fix.edits]
    if not fixable:
        return
    from deploylint.fix import Policy

    reg = report.registry
    settings = report.settings
    safe_policy = Policy(
        extend_safe=frozenset(reg.resolve_all(settings.extend_safe_fixes, strict=False)),
        extend_unsafe=frozenset(reg.resolve_all(settings.extend_unsafe_fixes, strict=False)),
    )
    safe = sum(1 for f in fixable if safe_policy.allows(f))
    unsafe = len(fixable) - safe
    if safe or unsafe:
        more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
        echo(f"deploylint: {safe} fixable with --fix{more}", err=True)


#: what an explicit file of no known kind is told
NOT_RECOGNISED = (
    "not recognised as a Dockerfile, Compose file, nginx config or workflow; skipped"
    " (force a kind with --kind KIND, or with 'kinds' in the config)"
)


def _read_stdin(path: Path, name: str | None, kind: str | None, settings: Settings) -> Stdin:
    """Standard input, checked as ``path``; its kind from ``--kind``, the config's ``kinds``, the
    name, or (with a name) the content. Exit 2 when nothing tells."""
    from pathlib import PurePosixPath

    from deploylint.discovery import display_path, find_root
    from deploylint.engine import Stdin
    from deploylint.kinds import Kind, classify, sniff
    from deploylint.paths import rel_to_root, resolve

    data = sys.stdin.buffer.read()
    found = Kind(kind) if kind else None
    if found is None and name is not None:
        root = resolve(settings.root or find_root(path))
        if settings.tree is not None:
            settings.tree.root = root  # as the engine will set it
        rel = rel_to_root(path, root)
        text = data.decode("utf-8", "replace")
        found = settings.kind_for(rel) or classify(PurePosixPath(rel)) or sniff(PurePosixPath(rel), text)
    if found is None:
        what = f"standard input ({name})" if name else "standard input"
        echo(
            f"deploylint: cannot tell what kind of file {what} is: pass --kind KIND"
            " (dockerfile, compose, nginx, workflow, action) or --stdin-filename NAME",
            err=True,
        )
        sys.exit(2)
    return Stdin(path, display_path(path) if name else "-", data, found)


def _settings(start: Path, config_file: Path | None, overrides: Overrides) -> Settings:
    """The settings of the scan's start, with the command line applied. Without ``--config``, every
    file is then checked with the config closest to it (:mod:`deploylint.config.tree`)."""
    from deploylint.config import ConfigError, load_settings
    from deploylint.config.tree import ConfigTree
    from deploylint.paths import resolve

    try:
        if config_file is not None:
            settings = load_settings(start, config_file)
            overrides.apply(settings)
            return settings
        tree = ConfigTree(overrides)
        folder = resolve(start)
        return tree.for_folder(folder if os.path.isdir(folder) else folder.parent)  # noqa: PTH112 - False for a name too long
    except ConfigError as exc:
        from deploylint.reporters._escape import text as escaped

        # one line: the message may quote the config (a key, a YAML error), which is input too
        echo(f"deploylint: config error: {escaped(str(exc))}", err=True)
        sys.exit(2)


def _write_output(output: Path, report: Report, render: Reporter, options: ReportOptions) -> None:
    """Write the report to ``-o FILE`` (see :func:`write_report`)."""
    import io

    buf = io.StringIO(newline="\n")
    render(report, buf, options)
    write_report(output, report.root, buf.getvalue())


def write_report(output: Path, root: Path, text: str) -> None:
    """Write ``text`` to ``output`` (:func:`deploylint.paths.write_report_file`); a file that
    cannot be written is exit 2 with one line."""
    from deploylint.paths import write_report_file

    try:
        write_report_file(output, text.encode("utf-8", "backslashreplace"), root)  # reporters escape surrogates
    except OSError as exc:
        cannot_write(output, exc)


def cannot_write(path: Path, exc: OSError) -> NoReturn:
    """Say that ``path`` (a report, a map, a baseline) could not be written, and exit 2."""
    from deploylint.reporters._escape import text as escaped

    echo(f"deploylint: cannot write {escaped(str(path))}: {escaped(exc.strerror or str(exc))}", err=True)
    sys.exit(2)


def _apply_baseline(report: Report, path: Path, quiet: bool) -> Report:
    from deploylint import baseline
    from deploylint.reporters._escape import text as escaped

    try:
        applied = baseline.apply(report, baseline.load(path))
    except baseline.BaselineError as exc:
        echo(f"deploylint: {escaped(str(exc))}", err=True)
        sys.exit(2)
    if not quiet and (applied.hidden or applied.stale):
        stale = f"; {applied.stale} baseline entries no longer match (fixed?)" if applied.stale else ""
        echo(f"deploylint: {applied.hidden} findings hidden by baseline {path}{stale}", err=True)
    return applied.report
