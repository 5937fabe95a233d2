from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule
from deploylint.rules.compose._shared import per_definition


@rule(
    id="CMP007",
    name="no-log-rotation",
    title="Container logs grow without bound",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("reliability", "logging"),
)
def no_log_rotation(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Docker's default `json-file` log driver keeps every line forever unless `max-size` is set;
    a chatty service fills the disk and takes the host down with it. Set
    `logging.options.max-size` (and `max-file`), or use the `local` driver, which rotates by
    default. Rotation can also be configured daemon-wide in `daemon.json`, which this rule cannot
    see, hence information only, and only for files that are not development (nor fragments
    whose base is not found). Services inheriting one definition get one finding at it.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            logging:
              driver: json-file
              options:
                max-size: 10m
                max-file: "3"

    ## Differences
    The issue's table counts `local` without `max-size` as unrotated; the `local` driver rotates
    by default (20 MB x 5 files), so it passes here.
    """
    default = ctx.rule.meta.severity
    flagged = []
    for svc in model:
        log = svc.logging
        name = svc.name.value
        if log is None:
            sev = model.missing(svc, default)
            if sev is not None:
                flagged.append((svc, sev))
            continue
        driver = log.driver.value if log.driver is not None else "json-file"
        sev = model.advice(log, default)
        if driver == "json-file" and "max-size" not in log.options and sev is not None:
            at = log.driver if log.driver is not None else log
            yield ctx.finding(at, f"service {name!r} logs to json-file without max-size", source=log.file, severity=sev)
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} logs to json-file without rotation")
