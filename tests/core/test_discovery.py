from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from deploylint.cli import cli
from deploylint.discovery import discover, find_root
from deploylint.engine import lint_paths
from deploylint.kinds import Kind, candidate, classify, confirm, glob_match, mask_placeholders, sniff, template_of
from deploylint.settings import Settings


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Dockerfile", Kind.DOCKERFILE),
        ("Dockerfile.prod", Kind.DOCKERFILE),
        ("api.Dockerfile", Kind.DOCKERFILE),
        ("Containerfile", Kind.DOCKERFILE),
        ("build/app.containerfile", Kind.DOCKERFILE),
        ("compose.yaml", Kind.COMPOSE),
        ("compose.prod.yml", Kind.COMPOSE),
        ("docker-compose.override.yml", Kind.COMPOSE),
        ("deploy/nginx.conf", Kind.NGINX),
        ("nginx/site.conf", Kind.NGINX),
        ("etc/conf.d/x.conf", Kind.NGINX),
        ("templates/default.conf.template", Kind.NGINX),
        (".github/workflows/ci.yml", Kind.WORKFLOW),
        ("sub/.github/workflows/ci.yaml", Kind.WORKFLOW),
        ("action.yml", Kind.ACTION),
        (".github/actions/setup/action.yaml", Kind.ACTION),
        ("values.yaml", None),
        ("app.conf", None),
        ("README.md", None),
        # Dockerfiles in any case and with an underscore suffix; not source files named after them
        ("dockerfile", Kind.DOCKERFILE),
        ("DockerFile", Kind.DOCKERFILE),
        ("svc/DOCKERFILE", Kind.DOCKERFILE),
        ("dockerfile.dev", Kind.DOCKERFILE),
        ("Dockerfile_dev", Kind.DOCKERFILE),
        ("frontend/dockerfile_test.go", None),
        ("dockerfile.py", None),
        ("Dockerfile.md", None),
        ("Dockerfile.prod.dockerignore", None),
        # template sources are not discovered; nginx envsubst templates are
        ("Dockerfile.template", None),
        ("Dockerfile.alpine.template", None),
        ("api.Dockerfile.template", None),
        ("Dockerfile.j2", None),
        ("Dockerfile.in", None),
        ("docker-compose.yml.tmpl", None),
        ("nginx/nginx.conf.j2", None),
        ("conf.d/site.conf.tpl", None),
        ("nginx.conf.template", Kind.NGINX),
        ("docker/templates/app.template", Kind.NGINX),
        # server blocks under sites-*/ whatever their name
        ("etc/nginx/sites-enabled/example.com", Kind.NGINX),
        ("sites-available/default", Kind.NGINX),
        ("sites-available/README.md", None),
        ("app.nginx", Kind.NGINX),
    ],
)
def test_classify(path: str, kind: Kind | None) -> None:
    assert classify(PurePosixPath(path)) is kind


def test_sniff_explicit_files() -> None:
    assert sniff(PurePosixPath("stack.yml"), "version: '3'\nservices:\n  a: {}\n") is Kind.COMPOSE
    assert sniff(PurePosixPath("pipeline.yml"), "on: push\njobs:\n  a: {}\n") is Kind.WORKFLOW
    assert sniff(PurePosixPath("site.conf"), "server {\n listen 80;\n}\n") is Kind.NGINX
    assert sniff(PurePosixPath("app.conf"), "[section]\nkey=value\n") is None
    assert sniff(PurePosixPath("Dockerfile.template"), "FROM %%BASE%%\n") is None


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("Dockerfile.template", "template source (.template); set `kinds` to lint it"),
        ("roles/web/templates/nginx.conf.j2", "template source (.j2); set `kinds` to lint it"),
        ("Makefile.in", "template source (.in); set `kinds` to lint it"),
        ("default.conf.template", None),
        ("Dockerfile", None),
    ],
)
def test_template_of(path: str, reason: str | None) -> None:
    assert template_of(PurePosixPath(path)) == reason


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("deploy/stack.yml", Kind.COMPOSE),
        ("contrib/docker-compose/basic.yml", Kind.COMPOSE),
        ("docker/production.yaml", Kind.COMPOSE),
        (".github/dependabot.yml", None),
        (".github/ISSUE_TEMPLATE/bug.yml", None),
        ("mkdocs.yml", None),
        ("charts/app/values-prod.yaml", None),
        ("pnpm-lock.yaml", None),
        ("deploy/site.conf", Kind.NGINX),
        ("README.md", None),
    ],
)
def test_candidate(path: str, kind: Kind | None) -> None:
    assert candidate(PurePosixPath(path)) is kind


_NGINX_SERVER = "server {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n"


@pytest.mark.parametrize(
    ("path", "text", "reason"),
    [
        # nginx as written: a server block, a fragment of directives, an http-level file
        ("deploy/site.conf", _NGINX_SERVER, None),
        ("conf.d/proxy.conf", "proxy_set_header Host $host;\nproxy_set_header X-Real-IP $remote_addr;\n", None),
        ("nginx/gzip.conf", "gzip on;\ngzip_types text/css;\n", None),
        ("deploy/headers.conf", "add_header X-Frame-Options DENY;\n", None),
        ("snippets/allow.conf", "location = /t/ {\n    allow 1.1.1.1;\n}\n", None),
        ("nginx/empty.conf", "# nothing yet\n", None),
        ("templates/default.conf.template", "server {\n    listen ${PORT};\n}\n", None),
        ("sites-enabled/example.com", _NGINX_SERVER, None),
        # not nginx: ini, env, Jinja, BIND, Apache, logrotate, php-fpm, systemd, supervisord
        ("conf.d/env.conf", "APP_ENV=production\nDB_HOST=db\n", "'key = value' lines; not nginx"),
        ("nginx/www.conf", "[www]\nuser = www-data\npm = dynamic\n", "ini-style section '[www]'; not nginx"),
        ("supervisord.conf", "[program:app]\ncommand=/app/run\n", "ini-style section '[program:app]'; not nginx"),
        (
            "override.conf",
            "[Service]\nEnvironment=A=1\nExecStart=/usr/bin/app\n",
            "ini-style section '[Service]'; not nginx",
        ),
        (
            "templates/site.conf",
            "server {\n    listen {{ nginx_port }};\n}\n",
            "template placeholders ({{ }} or {% %}); not nginx as written",
        ),
        ("named.conf", 'options {\n    directory "/var/cache/bind";\n};\n', "'};' closes a block; not nginx"),
        (
            "sites-available/000-default.conf",
            "<VirtualHost *:80>\n    ServerName example.com\n</VirtualHost>\n",
            "no nginx statement ending in ';' or '{'",
        ),
        (
            "logrotate.conf",
            "/var/log/app/*.log {\n    daily\n    rotate 7\n}\n",
            "no top-level nginx block or directive",
        ),
        ("h5bp/basic.conf", "include h5bp/security.conf;\ninclude h5bp/cache.conf;\n", None),
        ("filters/www.conf", "if ($host ~* ^www\\.(.*)) {\n    return 301 $scheme://$1$request_uri;\n}\n", None),
        ("headers.conf", 'more_set_headers "A: b"\n    "C: d";\n', None),
        ("locations/php.conf", "location ~ \\.php$\n{\n    fastcgi_pass php:9000;\n}\n", None),
        ("keepalived.conf", "vrrp_instance VI_1 {\n    state MASTER;\n}\n", "no top-level nginx block or directive"),
        ("zones.conf", 'zone "example.com" {\n    type master;\n};\n', "'};' closes a block; not nginx"),
        ("deploy/empty.conf", "", "no nginx directive"),
    ],
)
def test_confirm_nginx(path: str, text: str, reason: str | None) -> None:
    assert confirm(Kind.NGINX, PurePosixPath(path), text) == reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("services:\n  web:\n    image: nginx:1.27\n", None),
        ("version: '3.8'\nx-common: &c\n  restart: always\nservices:\n  web:\n    <<: *c\n", None),
        ("services:\n  # the app\n  web:\n    environment:\n      - A=1\nvolumes:\n  data: {}\n", None),
        ("services:\r\n  web:\r\n    build: .\r\n", None),
        ("services: {web: {image: x}}\n", None),
        ("apiVersion: v1\nkind: Service\n", "no top-level 'services:'; not Compose"),
        ("image: node:20\nservices:\n  - postgres:16\n", "top-level key 'image' is not Compose's"),
        ("services:\n  - docker:dind\n", "'services:' is not a mapping; not Compose"),
        (
            "services:\n  web:\n    type: ClusterIP\n  db:\n    type: None\n",
            "the first service has no Compose service key; not Compose",
        ),
        (
            "steps:\n  build:\n    image: golang\nservices:\n  db:\n    image: postgres\n",
            "top-level key 'steps' is not Compose's",
        ),
        ("---\nservices:\n  a:\n    image: x\n---\nservices: {}\n", "several YAML documents; not Compose"),
    ],
)
def test_confirm_compose(text: str, reason: str | None) -> None:
    assert confirm(Kind.COMPOSE, PurePosixPath("stack.yml"), text) == reason


def test_confirm_dockerfile_spelt_otherwise() -> None:
    assert confirm(Kind.DOCKERFILE, PurePosixPath("dockerfile"), "# syntax=docker/dockerfile:1\nFROM alpine\n") is None
    assert confirm(Kind.DOCKERFILE, PurePosixPath("dockerfile"), "not a dockerfile\n") == (
        "no FROM instruction; not a Dockerfile"
    )


def test_mask_placeholders_keeps_lengths() -> None:
    text = "server {\n    listen ${PORT};\n    %%EXTRA%%\n    {{ block }}\n{% if tls %}\n    listen {{ p }};\n}\n"
    masked = mask_placeholders(PurePosixPath("default.conf.template"), text)
    assert masked == (
        "server {\n    listen ${PORT};\n             \n               \n            \n    listen _______;\n}\n"
    )
    assert len(masked) == len(text)
    assert mask_placeholders(PurePosixPath("nginx.conf"), text) == text


@pytest.mark.parametrize(
    ("rel", "pattern", "hit"),
    [
        ("a/b/Dockerfile", "Dockerfile", True),
        ("a/b/Dockerfile", "a/**", True),
        ("a/b/Dockerfile", "b/**", False),
        ("tests/fixtures/x/compose.yaml", "**/fixtures/**", True),
        ("x/node_modules/y/Dockerfile", "node_modules", True),
        ("src/app.Dockerfile", "*.Dockerfile", True),
    ],
)
def test_glob_match(rel: str, pattern: str, hit: bool) -> None:
    assert glob_match(rel, pattern) is hit


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def test_walk_skips_vendored_gitignored_and_excluded(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.tmp.Dockerfile\n",
            "Dockerfile": "",
            "node_modules/x/Dockerfile": "",
            "vendor/Dockerfile": "",
            ".git/Dockerfile": "",
            "build/Dockerfile": "",
            "a.tmp.Dockerfile": "",
            "svc/.gitignore": "local/\n",
            "svc/local/Dockerfile": "",
            "svc/Dockerfile": "",
            "docs/Dockerfile": "",
        },
    )
    settings = Settings(exclude=["docs/"])
    found = discover([tmp_path], settings, tmp_path.resolve())
    assert [t.path.relative_to(tmp_path).as_posix() for t in found.targets] == ["Dockerfile", "svc/Dockerfile"]
    settings = Settings(respect_gitignore=False)
    found = discover([tmp_path], settings, tmp_path.resolve())
    rels = {t.path.relative_to(tmp_path).as_posix() for t in found.targets}
    assert {"build/Dockerfile", "a.tmp.Dockerfile", "svc/local/Dockerfile"} <= rels


def test_explicit_files_always_linted(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*\n", "weird.txt": "FROM x\n", "Dockerfile": ""})
    found = discover([tmp_path / "weird.txt", tmp_path / "Dockerfile"], Settings(), tmp_path.resolve())
    assert [(t.path.name, t.kind, t.explicit) for t in found.targets] == [
        ("weird.txt", None, True),
        ("Dockerfile", Kind.DOCKERFILE, True),
    ]


def test_symlinks_out_of_root_and_loops_are_reported(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    repo = tmp_path / "repo"
    _tree(outside, {"Dockerfile": "FROM x\n"})
    _tree(repo, {"ok/Dockerfile": ""})
    os.symlink(outside / "Dockerfile", repo / "Dockerfile")
    os.symlink(outside, repo / "linked")
    os.symlink(repo / "loop", repo / "loop")
    found = discover([repo], Settings(), repo.resolve())
    assert [t.path.relative_to(repo).as_posix() for t in found.targets] == ["ok/Dockerfile"]
    reasons = {Path(s.display).name: s.reason for s in found.skipped}
    assert "outside the scanned root" in reasons["Dockerfile"]
    assert "outside the scanned root" in reasons["linked"]
    assert "loop" in reasons["loop"]


def test_find_root(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "repo" / "a" / "b") == (tmp_path / "repo").resolve()


def test_scan_discovers_by_content_and_says_what_it_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole pipeline on a repository mixing artifacts with look-alikes (issue #19)."""
    _tree(
        tmp_path,
        {
            ".git/HEAD": "",
            ".gitignore": "build/\n",
            "dockerfile": "FROM alpine:3.20\n",
            "Dockerfile.template": "FROM %%BASE%%\n%%STEPS%%\n",
            "contrib/docker-compose/basic.yml": "services:\n  web:\n    image: nginx:1.27\n",
            "k8s/deploy.yml": "apiVersion: apps/v1\nkind: Deployment\n",
            ".github/ISSUE_TEMPLATE/bug.yml": "name: Bug\nbody: []\n",
            "nginx/templates/default.conf.template": "server {\n    listen ${PORT};\n    ${EXTRA}\n}\n",
            "nginx/conf.d/env.conf": "APP_ENV=production\n",
            "deploy/site.conf": "server {\n    listen 8080;\n}\n",
            "supervisor/app.conf": "[program:app]\ncommand=/app\n",
            "roles/web/templates/nginx.conf.j2": "server {\n    listen {{ port }};\n}\n",
            "node_modules/pkg/Dockerfile": "FROM x\n",
            "web/templates/page.tmpl": "<html>{{ title }}</html>\n",
            "build/Dockerfile": "FROM x\n",
            "docs/Dockerfile": "FROM x\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    report = lint_paths([Path()], Settings(exclude=["docs/"]))
    rel = {a.display: a.kind for a in report.artifacts}
    assert rel == {
        "contrib/docker-compose/basic.yml": Kind.COMPOSE,
        "deploy/site.conf": Kind.NGINX,
        "dockerfile": Kind.DOCKERFILE,
        "nginx/templates/default.conf.template": Kind.NGINX,
    }
    assert report.passed_over == [
        ("Dockerfile.template", "template source (.template); set `kinds` to lint it"),
        ("build/", "ignored by .gitignore"),
        ("docs/", "excluded by config"),
        ("k8s/deploy.yml", "no top-level 'services:'; not Compose"),
        ("nginx/conf.d/env.conf", "'key = value' lines; not nginx"),
        ("node_modules/", "dependency or vendored folder"),
        ("roles/web/templates/nginx.conf.j2", "template source (.j2); set `kinds` to lint it"),
        ("supervisor/app.conf", "ini-style section '[program:app]'; not nginx"),
    ]
    # the envsubst template parses: no syntax error for its placeholder line
    assert not [f for f in report.findings if f.rule_id.endswith("000")]


def test_kinds_config_forces_a_template(tmp_path: Path) -> None:
    _tree(tmp_path, {".git/HEAD": "", "Dockerfile.template": "FROM alpine:3.20\n%%STEPS%%\nUSER app\n"})
    settings = Settings(kinds={"Dockerfile.template": Kind.DOCKERFILE})
    report = lint_paths([tmp_path], settings)
    assert [(a.display.rsplit("/", 1)[-1], a.kind) for a in report.artifacts] == [
        ("Dockerfile.template", Kind.DOCKERFILE)
    ]
    assert report.passed_over == []
    # the placeholder line is masked: no DKR000 'unknown instruction'
    assert [(f.rule_id, f.location.span.start_line) for f in report.findings if f.rule_id == "DKR000"] == []


def test_explicit_file_not_of_its_suggested_kind(tmp_path: Path) -> None:
    _tree(tmp_path, {".git/HEAD": "", "conf.d/env.conf": "A=1\n"})
    report = lint_paths([tmp_path / "conf.d" / "env.conf"], Settings())
    assert report.artifacts == []
    assert report.skipped == [report.passed_over[0][0]]
    assert report.passed_over[0][1] == "'key = value' lines; not nginx"


def test_large_yaml_is_not_sniffed(tmp_path: Path) -> None:
    from deploylint.kinds import SNIFF_MAX_BYTES

    _tree(tmp_path, {".git/HEAD": "", "data.yml": "services:\n  a:\n    image: x\n" + "#" * SNIFF_MAX_BYTES})
    report = lint_paths([tmp_path], Settings())
    assert report.artifacts == []
    size = SNIFF_MAX_BYTES + len("services:\n  a:\n    image: x\n")
    assert [why for _, why in report.passed_over] == [
        f"{size} bytes, too large to tell its kind by content (limit {SNIFF_MAX_BYTES})"
    ]
    assert report.findings == []


def test_verbose_lists_skipped_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(
        tmp_path,
        {
            ".git/HEAD": "",
            "Dockerfile": "FROM alpine:3.20\nUSER app\n",
            "Dockerfile.j2": "FROM {{ base }}\n",
            "app.conf": "[x]\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", ".", "--verbose", "--format", "json", "-o", "out.json"])
    lines = [ln for ln in result.stderr.splitlines() if "skipped" in ln]
    assert lines == [
        "Dockerfile.j2: skipped (template source (.j2); set `kinds` to lint it)",
        "app.conf: skipped (ini-style section '[x]'; not nginx)",
    ]
    quiet = CliRunner().invoke(cli, ["check", ".", "--format", "json", "-o", "out.json"])
    assert "skipped" not in quiet.stderr
    # a file named on the command line is never skipped silently, and says why
    explicit = CliRunner().invoke(cli, ["check", "app.conf", "--format", "json", "-o", "out.json"])
    assert "deploylint: app.conf: ini-style section '[x]'; not nginx; skipped (use --kind)" in explicit.stderr
