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


def test_dockerfiles_link_to_the_ecosystem_file_they_run() -> None:
    from deploylint.models.project import Unresolved

    p = _scan_project(Settings(root=PM2.resolve(), select=["PRJ"], fail_on=None), [PM2])
    got = sorted(
        (
            p.rel(r.dockerfile.source.path),
            r.at.value,
            r.at.span.start_line,
            r.at.span.start_col,
            r.container_path,
            p.rel(r.target) if isinstance(r.target, Path) else (r.target.reason, r.target.missing),
        )
        for r in p.pm2_runs
    )
    assert got == [
        # CMD ["pm2-runtime", "start", "ecosystem.config.js", ...] in WORKDIR /app after COPY . .
        ("Dockerfile", "ecosystem.config.js", 6, 30, "/app/ecosystem.config.js", "ecosystem.config.js"),
        # ENTRYPOINT ["pm2-runtime", "ecosystem.config.js"]: nothing copies it to /
        (
            "admin/Dockerfile",
            "ecosystem.config.js",
            5,
            28,
            "/ecosystem.config.js",
            ("no COPY or ADD brings /ecosystem.config.js into the image", False),
        ),
        # shell form; COPY deploy/ ./config/ from a context without deploy/
        (
            "worker/Dockerfile",
            "config/ecosystem.json",
            8,
            23,
            "/srv/config/ecosystem.json",
            ("deploy/ecosystem.json is not in the build context (worker)", True),
        ),
    ]
    assert all(isinstance(r.target, (Path, Unresolved)) for r in p.pm2_runs)


def test_the_map_draws_the_runs_edges() -> None:
    from deploylint.graph import build_graph

    settings = Settings(root=PM2.resolve(), select=["PM2"], fail_on=None)
    g = build_graph(Engine(settings, registry()).run([PM2]))
    edges = {
        (g.nodes[e.src].label, e.label, g.nodes[e.dst].label if e.resolved else e.reason)
        for e in g.edges
        if g.nodes[e.src].kind == "dockerfile"
    }
    assert edges == {
        ("Dockerfile", "runs", "ecosystem.config.js"),
        ("admin/Dockerfile", "runs", "no COPY or ADD brings /ecosystem.config.js into the image"),
        ("worker/Dockerfile", "runs", "deploy/ecosystem.json is not in the build context (worker)"),
    }


def test_app_ports_from_args() -> None:
    case = PM2.parent.parent.parent / "rules" / "PRJ002" / "pass_pm2_args_port"
    p = _scan_project(Settings(root=case.resolve(), select=["PRJ"], fail_on=None), [case])
    got = [(lp.app, lp.port, lp.at.value, lp.at.span.start_line, lp.at.span.start_col) for lp in pm2_listens(p)]
    assert got == [
        ("web", 3000, "--port 3000", 4, 46),  # one string: the port is in it
        ("admin", 3100, "--port=3100", 5, 51),
        ("hooks", 3200, "3200", 6, 57),  # ["-p", "3200"]: the port's own element
    ]
