from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.registry import Kind, rule
from deploylint.rules.compose._fixes import add_to_service
from deploylint.rules.compose._shared import per_definition


@rule(
    id="CMP007",
    name="no-log-rotation",
    title="Container logs grow without bound",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("reliability", "logging"),
    fixable=True,
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

    ## Fix safety
    Safe for the host: a service without `logging:` gets `logging: {driver: json-file, options:
    {max-size: "10m", max-file: "3"}}`, written in block style at the service's indentation and
    with the file's line endings. It does change what is kept: only the last ~30 MB of the
    service's logs stay on the host (`docker logs` shows no older lines), and a log driver set
    daemon-wide in `daemon.json` (journald, a shipper) is overridden for this service. A service
    that inherits its definition, is merged from another file or is written in flow style, and a
    `logging:` that lacks only `max-size`, are not fixed.

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
            yield ctx.finding(at, f"service {name!r} logs to json-file without max-size", severity=sev)
    yield from per_definition(
        model, ctx, flagged, lambda who: f"{who} logs to json-file without rotation", _add_logging
    )


def _add_logging(svc: Service) -> Fix | None:
    lines = [
        (0, "logging:"),
        (1, "driver: json-file"),
        (1, "options:"),
        (2, 'max-size: "10m"'),
        (2, 'max-file: "3"'),
    ]
    edit = add_to_service(svc, lines)
    return Fix("add log rotation", (edit,)) if edit is not None else None
