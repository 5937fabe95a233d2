from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.dockerfile import Dockerfile, Run
from deploylint.registry import Kind, rule
from deploylint.shell.model import Pipeline

_HARMLESS = frozenset({"echo", "printf", "yes", "true"})
#: filters that fail on empty input: when the left side fails and prints nothing, so does the pipe
_FAIL_ON_EMPTY = frozenset({"grep", "egrep", "fgrep", "rg"})
_DOWNLOADERS = frozenset({"curl", "wget"})


@rule(
    id="DKR053",
    name="missing-pipefail",
    title="Pipe in RUN without pipefail",
    kind=Kind.DOCKERFILE,
    severity=Severity.WARNING,
    tags=("reliability",),
    aliases=("DL4006",),
)
def missing_pipefail(df: Dockerfile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A pipeline's exit status is that of its last command: in `RUN curl -fsSL $URL | tar -xz`,
    a failed download is hidden when `tar` succeeds on empty input, and the build goes on with a
    broken layer. `pipefail` makes the build fail. It counts when the `SHELL` in effect sets it
    (`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`, absolute paths and busybox `ash` included) or
    when the script runs `set -o pipefail` before the pipe (heredoc scripts too). Pipelines
    whose left side only prints (`echo`, `printf`, `yes`) pass, and so does a pipe inside `$(...)`
    whose output a test compares (`test "$(curl -s $URL | jq -r .status)" = ok`, `[ -n "$(a | b)"
    ]`, or `v=$(a | b)` and then `[ "$v" = x ]`): a failure on the left changes the output, and
    the test fails. A pipe that only deletes what its left side lists (`find /usr/share/doc
    -name '*.gz' | xargs rm -f`) is `info`: a failure leaves files behind, nothing breaks.

    A pipe that does not hide a failure passes too: one that ends in `grep` (`ldd /bin/x | grep -q
    libfoo`: when the left side fails and prints nothing, `grep` fails as well) and one written
    as an `if`/`while`/`until` condition, whose status is tested on purpose. A download piped
    into another command (`curl ... | sh`, `wget -O- ... | gpg --dearmor`) still fires, even in
    a condition.

    ## Example
        FROM debian:12-slim
        RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt

    ## Use instead
        FROM debian:12-slim
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt

    ## Differences from hadolint
    DL4006 only accepts a `SHELL` instruction: it fires on `set -o pipefail` in the RUN itself,
    on alpine's `ash` and (until after 2.15.1) on absolute shell paths such as `/usr/bin/bash`.
    """
    for run in (r for st in df.stages for r in st.runs):
        if _shell_pipefail(run):
            continue
        for script in run.scripts:
            for pipe in script.failure_hiding_pipelines:
                if all(c.command_name in _HARMLESS for c in pipe.commands[:-1]):
                    continue
                if _failure_shows(pipe):
                    continue
                sev = Severity.INFO if _cleanup_only(pipe) else None
                yield ctx.finding(pipe.span, "pipe without pipefail: a failure on the left is ignored", severity=sev)


def _cleanup_only(pipe: Pipeline) -> bool:
    """The pipe only deletes what its left side lists (``find ... | xargs rm -rf``) and downloads
    nothing: a failure leaves some files behind, not a broken layer."""
    if not pipe.commands or pipe.commands[-1].effective().command_name not in ("rm", "rmdir"):
        return False
    return not any(c.effective().command_name in _DOWNLOADERS for c in pipe.commands[:-1])


def _failure_shows(pipe: Pipeline) -> bool:
    """The pipe's status already tells a failed left side: it ends in a filter that fails on empty
    input, or it is a tested condition that downloads nothing."""
    if not pipe.commands:
        return False
    if pipe.commands[-1].effective().command_name in _FAIL_ON_EMPTY:
        return True
    downloads = any(c.effective().command_name in _DOWNLOADERS for c in pipe.commands[:-1])
    return pipe.condition and not downloads


def _shell_pipefail(run: Run) -> bool:
    args = list(run.shell)
    return any(
        a == "pipefail" and i > 0 and args[i - 1].startswith("-") and "o" in args[i - 1] for i, a in enumerate(args)
    )
