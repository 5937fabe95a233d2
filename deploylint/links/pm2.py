"""Links between PM2 ecosystem files and the rest of the project: the ports their apps listen on
(for nginx upstreams on the local host, PRJ002)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deploylint.kinds import Kind
from deploylint.records import record

if TYPE_CHECKING:
    from deploylint.parsers._yaml import YScalar
    from deploylint.project import Project
    from deploylint.source import SourceFile


@record
class Pm2Listen:
    port: int
    at: YScalar
    source: SourceFile
    app: str


def pm2_listens(project: Project) -> list[Pm2Listen]:
    """Every literal ``PORT`` an app of a scanned ecosystem file sets."""
    from deploylint.models.pm2 import Pm2File

    out: list[Pm2Listen] = []
    for _art, pm2 in project.of_kind(Kind.PM2):
        if isinstance(pm2, Pm2File):
            out += [Pm2Listen(port, at, pm2.source, app.name) for app in pm2.apps for port, at in app.ports]
    return out


__all__ = ["Pm2Listen", "pm2_listens"]
