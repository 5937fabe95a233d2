"""PM2 ecosystem files in the project: nginx upstreams on the local host against the apps' PORT,
scripts on disk, cluster apps restarted by a deploy, on fixtures/projects/pm2 (root = the fixture)."""

from __future__ import annotations

from pathlib import Path

from deploylint.engine import Engine
from deploylint.links.pm2 import pm2_listens
from deploylint.settings import Settings
from deploylint.testing import registry
from tests.test_project import _scan_project

PM2 = Path(__file__).resolve().parent.parent / "fixtures" / "projects" / "pm2"


def test_app_ports_come_from_literals_and_env_defaults() -> None:
    p = _scan_project(Settings(root=PM2.resolve(), select=["PRJ"], fail_on=None), [PM2])
    listens = pm2_listens(p)
    assert [(lp.app, lp.port, lp.at.span.start_line, lp.at.span.start_col) for lp in listens] == [("api", 3000, 14, 35)]
    hosts = {(t.host, t.port) for t in p.upstreams}
    assert hosts == {("127.0.0.1", 3000), ("127.0.0.1", 4000)}


def test_findings_on_the_fixture() -> None:
    settings = Settings(root=PM2.resolve(), select=["PM2", "PRJ", "DKR080", "GHA040"], fail_on=None)
    report = Engine(settings, registry()).run([PM2])
    got = {
        (Path(f.location.path).resolve().relative_to(PM2.resolve()).as_posix(), f.rule_id, f.location.span.start_line)
        for f in report.findings
    }
    assert got == {
        ("nginx/nginx.conf", "PRJ002", 9),  # 127.0.0.1:4000: no app listens there (3000 resolves to 'api')
        ("ecosystem.config.js", "PM2007", 20),  # ./src/worker.js is missing (./src/server.js resolves)
        ("ecosystem.config.js", "PM2005", 22),  # a literal token; DATABASE_URL comes from the environment
        ("ecosystem.config.js", "PM2001", 19),  # the worker is in fork mode (info: not a server)
        (".github/workflows/deploy.yml", "GHA040", 16),  # restart of the cluster app; the worker reload is fine
    }  # and the Dockerfile's pm2-runtime CMD gives no DKR080
