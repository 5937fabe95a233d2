from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import DATA_PATHS, ComposeFile, Mount, Service
from deploylint.registry import Kind, rule


def _covers(m: Mount, path: str) -> bool:
    t = (m.target or "").rstrip("/") or "/"
    return t == path or path.startswith(t + "/") or t.startswith(path + "/")


def _data_mount(svc: Service, family: str) -> Mount | None:
    paths = DATA_PATHS.get(family, ())
    if svc.image is not None and svc.image.path.lower().startswith("bitnami/"):
        paths = (*paths, "/bitnami")
    return next((m for m in svc.volumes for p in paths if _covers(m, p)), None)


@rule(
    id="CMP006",
    name="datastore-without-volume",
    title="Database keeps its data in the container",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("reliability", "data"),
)
def datastore_without_volume(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A database whose data folder (`/var/lib/postgresql/data`, `/var/lib/mysql`, `/data/db`,
    `/data` for redis...) is not a volume writes into the container's own layer: `docker compose
    down`, an image upgrade or a recreated container loses everything. A `tmpfs` there loses it at
    every restart. A bind mount keeps the data but ties it to a host path and its permissions; that
    is reported as information, since a named volume is the portable choice. Caches are not told
    to keep data: `memcached`, a service whose name says `cache`, and a Redis with persistence
    turned off (`--save ""` and no `--appendonly yes`, or `--appendonly no`). Production advice:
    a warning when the file is known to run in production (see `profiles` in the configuration),
    information when nothing tells, nothing in development files or fragments whose base is not
    found.

    ## Example
        services:
          db:
            image: postgres:16.4

    ## Use instead
        services:
          db:
            image: postgres:16.4
            volumes:
              - pgdata:/var/lib/postgresql/data
        volumes:
          pgdata:
    """
    default = ctx.rule.meta.severity
    for svc in model:
        family = svc.datastore
        if family is None or family not in DATA_PATHS or svc.cache:
            continue
        mount = _data_mount(svc, family)
        name = svc.name.value
        sev = model.missing(svc, default) if mount is None else model.advice(mount, default)
        if sev is None:
            continue
        if mount is None:
            msg = f"{family} service {name!r} has no volume for its data"
            yield ctx.finding(svc.name, msg, severity=sev)
        elif mount.type == "tmpfs":
            yield ctx.finding(mount, f"{family} service {name!r} keeps its data on a tmpfs", severity=sev)
        elif mount.is_bind:
            msg = f"{family} service {name!r} keeps its data in a bind mount; a named volume is more portable"
            yield ctx.finding(mount, msg, severity=Severity.INFO)
