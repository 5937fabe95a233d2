"""nginx fixes beyond the single-file cases in rules/<ID>/fix_*: a fix in an included file edits
that file, and the cases where no fix is offered say so or attach none."""

from __future__ import annotations

from pathlib import Path

from deploylint.findings import Finding
from deploylint.fix import Policy, fix_scan
from deploylint.parsers.nginx import parse_text
from deploylint.rules.nginx._fixes import insert_after
from deploylint.settings import Settings
from deploylint.source import SourceFile
from deploylint.testing import registry


def _tree(tmp: Path, files: dict[str, str]) -> Path:
    (tmp / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        p = tmp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode())
    return tmp


def _run(tmp: Path, rule_id: str, *, write: bool = True) -> list[Finding]:
    settings = Settings(select=[rule_id], root=tmp.resolve())
    run = fix_scan(settings, [tmp], Policy(unsafe=True), registry=registry(), write=write)
    return [f for f in run.report.findings if f.rule_id == rule_id]


SITE = """server {
    listen 8443 ssl;
    location / {
        proxy_pass http://app:8000;
    }
}
"""


def test_a_fix_in_an_included_file_edits_that_file(tmp_path: Path) -> None:
    main = "events {}\nhttp {\n    include conf.d/*.conf;\n}\n"
    root = _tree(tmp_path, {"nginx.conf": main, "conf.d/site.conf": SITE})
    assert _run(root, "NGX007") == []
    assert (root / "nginx.conf").read_text() == main
    assert (root / "conf.d/site.conf").read_text() == (
        "server {\n"
        "    listen 8443 ssl;\n"
        "    location / {\n"
        "        proxy_pass http://app:8000;\n"
        "        proxy_set_header Host $host;\n"
        "        proxy_set_header X-Real-IP $remote_addr;\n"
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "        proxy_set_header X-Forwarded-Proto $scheme;\n"
        "    }\n"
        "}\n"
    )


def test_a_proxy_pass_sharing_its_line_gets_no_fix(tmp_path: Path) -> None:
    text = "http {\n    server {\n        location / { proxy_pass http://app:8000; }\n    }\n}\n"
    root = _tree(tmp_path, {"nginx.conf": text})
    left = _run(root, "NGX007")
    assert [(f.location.span.start_line, f.fix) for f in left] == [(3, None)]
    assert (root / "nginx.conf").read_text() == text


HTTP_ONLY = """server {
    listen 80;
    server_name example.com api.example.com;
    location / {
        proxy_pass http://app:8000;
    }
}
"""


def test_no_redirect_fix_without_an_https_server_and_the_finding_says_why(tmp_path: Path) -> None:
    https = "server {\n    listen 443 ssl;\n    server_name example.com;\n}\n"
    root = _tree(tmp_path, {"nginx.conf": HTTP_ONLY + https})
    (left,) = _run(root, "NGX001")
    assert left.fix is None
    assert [(r.span.start_line, r.note) for r in left.related] == [
        (1, "no fix: the scanned configuration has no HTTPS server for 'api.example.com'")
    ]
    assert (root / "nginx.conf").read_text() == HTTP_ONLY + https


def test_no_redirect_fix_for_a_server_that_includes_files(tmp_path: Path) -> None:
    text = HTTP_ONLY.replace("    listen 80;\n", "    listen 80;\n    include snippets/app.conf;\n")
    https = "server {\n    listen 443 ssl;\n    server_name example.com api.example.com;\n}\n"
    root = _tree(tmp_path, {"nginx.conf": text + https, "snippets/app.conf": "client_max_body_size 1m;\n"})
    (left,) = _run(root, "NGX001")
    assert left.fix is None
    assert [r.note for r in left.related] == ["no fix: the server includes other files"]


def test_a_nameless_server_redirects_to_an_https_default_server(tmp_path: Path) -> None:
    text = "server {\n    listen 80;\n    root /srv;\n}\nserver {\n    listen 443 ssl default_server;\n}\n"
    root = _tree(tmp_path, {"nginx.conf": text})
    assert _run(root, "NGX001") == []
    assert (root / "nginx.conf").read_text() == (
        "server {\n    listen 80;\n    return 301 https://$host$request_uri;\n}\n"
        "server {\n    listen 443 ssl default_server;\n}\n"
    )


def test_insert_after_a_last_line_without_a_line_ending_keeps_it_without_one() -> None:
    root, errors, _ = parse_text(SourceFile(Path("snippet.conf"), "proxy_pass http://app;"))
    assert errors == [] and root.block is not None
    edit = insert_after(root.block[0], ["proxy_http_version 1.1;"])
    assert edit is not None
    assert (edit.span.start_offset, edit.text) == (22, "\nproxy_http_version 1.1;")
