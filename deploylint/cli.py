"""Command line: check, rules, explain, baseline, map, server (click).

The body of ``check`` is :func:`deploylint.check_command.run`, which does not need click: the
``deploylint`` command (:mod:`deploylint.entry`) runs the common forms of ``check`` without
importing this module, and everything else (help, ``--version``, usage errors, the other
commands and options) through click here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deploylint import __version__
from deploylint.check_command import (
    COLORS,
    FAIL_ON,
    FORMATS,
    KINDS,
    NOT_RECOGNISED,
    PRESETS,
    SEVERITIES,
    Usage,
    _settings,
    _split,
    cannot_write,
    unusable_path,
    write_report,
)
from deploylint.check_command import run as run_check
from deploylint.entry import main
from deploylint.reporters._escape import text as escaped

if TYPE_CHECKING:
    from deploylint.json_types import JSONLike

__all__ = ["FORMATS", "KINDS", "NOT_RECOGNISED", "check", "cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="deploylint")
def cli() -> None:
    """Lint Dockerfiles, Compose files, nginx configs and GitHub Actions workflows."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Rules to run: ids, names, prefixes (DKR), tags or peer aliases.")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules to skip (same forms as --select).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1. Default: warning (never with --format sarif).",
)
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("--no-ignores", is_flag=True, help="Disable inline suppression comments.")
@click.option(
    "--exclude", multiple=True, help="Glob of paths to skip, matched against the paths as shown (repeatable)."
)
@click.option("--kind", type=click.Choice(KINDS), help="Treat explicit files (and standard input) as this kind.")
@click.option(
    "--stdin-filename",
    help="Check standard input as this file: its name shows in the output and decides the kind and the config.",
)
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Lowest severity the text format shows. Default: warning (infos are counted in the summary). "
    "Other formats keep every finding.",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="Also say which files were skipped and why, and how each file was judged."
)
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default=None,
    help="strict raises hardening advice to warnings.",
)
@click.option("--preview", is_flag=True, default=None, help="Also run preview rules.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option("--color", type=click.Choice(COLORS), default="auto", show_default=True)
@click.option("--statistics", is_flag=True, help="Print the count of findings per rule instead of the findings.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parallel workers.")
@click.option("--category", default="deploylint/", show_default=True, help="SARIF automationDetails.id.")
@click.option(
    "--fingerprints/--no-fingerprints",
    default=True,
    help="SARIF partialFingerprints.primaryLocationLineHash (computed as GitHub's upload action does).",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change behaviour.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print the fixes as a unified diff and write nothing (exit 1 when something would change).",
)
@click.option("--fix-only", is_flag=True, help="Apply the fixes and exit 0 even when unfixable findings remain.")
@click.option(
    "--online",
    is_flag=True,
    help="Resolve the action tags GHA009 reports to commit SHAs with the GitHub API (GITHUB_TOKEN is sent when "
    "set) and store them in the refs cache, so that the pin fix can use them. Nothing else uses the network.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not in this baseline (written by `deploylint baseline`).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of earlier results.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to keep the cache (default: $DEPLOYLINT_CACHE_DIR, the config's cache-dir, .deploylint_cache at the root).",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    config_file: Path | None,
    no_ignores: bool,
    exclude: tuple[str, ...],
    kind: str | None,
    stdin_filename: str | None,
    min_severity: str | None,
    verbose: bool,
    preset: str | None,
    preview: bool | None,
    quiet: bool,
    color: str,
    statistics: bool,
    jobs: int | None,
    category: str,
    fingerprints: bool,
    fix: bool,
    unsafe_fixes: bool,
    show_diff: bool,
    fix_only: bool,
    online: bool,
    baseline_file: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Lint PATHS (default: the current folder; `-` reads standard input)."""
    try:
        run_check(
            paths,
            fmt=fmt,
            output=output,
            select=select,
            extend_select=extend_select,
            ignore=ignore,
            fail_on=fail_on,
            config_file=config_file,
            no_ignores=no_ignores,
            exclude=exclude,
            kind=kind,
            stdin_filename=stdin_filename,
            min_severity=min_severity,
            verbose=verbose,
            preset=preset,
            preview=preview,
            quiet=quiet,
            color=color,
            statistics=statistics,
            jobs=jobs,
            category=category,
            fingerprints=fingerprints,
            fix=fix,
            unsafe_fixes=unsafe_fixes,
            show_diff=show_diff,
            fix_only=fix_only,
            online=online,
            baseline_file=baseline_file,
            no_cache=no_cache,
            cache_dir=cache_dir,
        )
    except Usage as exc:
        raise click.UsageError(str(exc)) from None


@cli.command("baseline")
@click.argument("baseline_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
@click.option("--select", multiple=True, help="Rules to run (as for check).")
@click.option("--ignore", multiple=True, help="Rules to skip (as for check).")
@click.option(
    "--exclude", multiple=True, help="Glob of paths to skip, matched against the paths as shown (repeatable)."
)
def baseline_cmd(
    baseline_file: Path,
    paths: tuple[Path, ...],
    config_file: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
) -> None:
    """Write the findings of PATHS to FILE, for `check --baseline FILE`."""
    from deploylint import baseline
    from deploylint.config import ConfigError
    from deploylint.engine import Engine, UsageError
    from deploylint.settings import Overrides

    targets = list(paths) or [Path()]
    problem = unusable_path(targets)
    if problem is not None:
        raise click.UsageError(Usage(problem).args[0])
    overrides = Overrides(select=_split(select) if select else None, ignore=_split(ignore), exclude=list(exclude))
    settings = _settings(targets[0], config_file, overrides)
    try:
        report = Engine(settings).run(targets)
    except (UsageError, ConfigError) as exc:
        click.echo(f"deploylint: {escaped(str(exc))}", err=True)
        sys.exit(2)
    try:
        count = baseline.write(report, baseline_file)
    except OSError as exc:
        cannot_write(baseline_file, exc)
    click.echo(f"deploylint: wrote {count} findings to {baseline_file}", err=True)
    sys.exit(1 if report.internal_errors else 0)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Include preview and deprecated rules.")
def rules(fmt: str, show_all: bool) -> None:
    """List every rule."""
    import json

    from deploylint.docs import to_json
    from deploylint.registry import Registry, Status

    reg = Registry.discover()
    items = [r for r in reg if show_all or r.meta.status is Status.STABLE or r.meta.status is Status.PREVIEW]
    if fmt == "json":
        click.echo(json.dumps([_rule_row(to_json(r)) for r in items], indent=2))
        return
    for r in items:
        m = r.meta
        aliases = f"  [{', '.join(m.aliases)}]" if m.aliases else ""
        fix = " (fix)" if m.fixable else ""
        click.echo(f"{m.id:<8} {m.name:<40} {m.kind.value:<10} {m.severity.value:<8} {m.title}{fix}{aliases}")


def _rule_row(d: dict[str, JSONLike]) -> dict[str, JSONLike]:
    keys = ("id", "name", "kind", "kinds", "severity", "tags", "aliases", "status", "fixable", "summary", "help_uri")
    return {k: d[k] for k in keys}


@cli.command()
@click.argument("rule_ref", metavar="ID|NAME")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def explain(rule_ref: str, fmt: str) -> None:
    """Show a rule's documentation."""
    import json

    from deploylint.docs import to_json, to_text
    from deploylint.registry import Registry

    reg = Registry.discover()
    r = reg.get(rule_ref)
    if r is None:
        click.echo(f"deploylint: unknown rule {rule_ref!r}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(to_json(r), indent=2))
    else:
        click.echo(to_text(r), nl=False)


@cli.command("map")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("mermaid", "dot", "json", "markdown")),
    default="mermaid",
    show_default=True,
    help="markdown: a job summary (finding counts and the map as a Mermaid block).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the map to FILE.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Config file to use.")
def map_cmd(paths: tuple[Path, ...], fmt: str, output: Path | None, config_file: Path | None) -> None:
    """Draw the deployment map of PATHS: what builds, runs, proxies and configures what."""
    from deploylint.config import ConfigError, load_settings
    from deploylint.engine import Engine, UsageError
    from deploylint.graph import RENDERERS, build_graph, to_markdown

    targets = list(paths) or [Path()]
    problem = unusable_path(targets)
    if problem is not None:
        raise click.UsageError(Usage(problem).args[0])
    try:
        settings = load_settings(targets[0], config_file)
        report = Engine(settings).run(targets)
    except (UsageError, ConfigError) as exc:
        click.echo(f"deploylint: {escaped(str(exc))}", err=True)
        sys.exit(2)
    graph = build_graph(report)
    text = to_markdown(graph, report) if fmt == "markdown" else RENDERERS[fmt](graph)
    if output is not None:
        write_report(output, report.root, text)
    else:
        click.echo(text, nl=False)


@cli.command()
def server() -> None:
    """Run the language server (LSP over stdio; needs `pip install deploylint[server]`)."""
    try:
        import pygls  # noqa: F401
    except ImportError:
        click.echo("deploylint: the language server needs pygls: pip install 'deploylint[server]'", err=True)
        sys.exit(2)
    from deploylint.server import serve

    serve()
