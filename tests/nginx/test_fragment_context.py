"""A fragment whose including file is not scanned: what it does not set may come from the
unseen http/server levels, so "missing X" advice is an info there (or silent), and a warning in
a file that shows its whole context."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from deploylint.engine import Engine
from deploylint.kinds import Kind
from deploylint.settings import Settings
from deploylint.testing import registry

TLS = "listen 443 ssl; ssl_certificate /etc/ssl/a.crt; ssl_certificate_key /etc/ssl/a.key;"


def _severities(text: str, rule_id: str) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "site.conf"
        target.write_text(text, encoding="utf-8")
        s = Settings()
        s.select = [rule_id]
        s.root = Path(tmp).resolve()
        report = Engine(s, registry(), kind=Kind.NGINX).run([target])
        return [f.severity.value for f in report.findings if f.rule_id == rule_id]


def _full(server_body: str) -> str:
    return "events {}\nhttp {\n    server {\n        " + server_body + "\n    }\n}\n"


def _fragment(server_body: str) -> str:
    return "server {\n    " + server_body + "\n}\n"


CASES = [
    # rule, server body, severity in a full config, severity in a fragment (None: no finding)
    ("NGX002", TLS, "warning", "info"),
    ("NGX007", "listen 8080; location / { proxy_pass http://app:8000; }", "warning", None),
    ("NGX011", "listen 443 ssl;", "error", None),
    ("NGX028", "listen 80; location / { set $b api.example.com; proxy_pass http://$b; }", "warning", "info"),
    ("NGX030", "listen 80; location /s { stub_status; }", "warning", "info"),
    ("NGX034", TLS + " ssl_stapling on;", "warning", "info"),
    (
        "NGX008",
        "listen 80; location /ws { proxy_pass http://app; proxy_set_header Upgrade $http_upgrade; }",
        "warning",
        "info",
    ),
]


@pytest.mark.parametrize(("rule_id", "body", "full", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_missing_advice_depends_on_shown_context(rule_id: str, body: str, full: str, fragment: str | None) -> None:
    assert _severities(_full(body), rule_id) == [full]
    assert _severities(_fragment(body), rule_id) == ([fragment] if fragment else [])


@pytest.mark.parametrize(
    ("rule_id", "body"),
    [
        ("NGX002", TLS + " add_header X-Frame-Options DENY always;"),
        ("NGX007", "listen 8080; location / { proxy_set_header Host $host; proxy_pass http://app:8000; }"),
        ("NGX028", "listen 80; resolver 1.1.1.1; location / { set $b api.example.com; proxy_pass http://$b; }"),
    ],
)
def test_a_fragment_that_sets_the_directive_itself_is_judged_in_full(rule_id: str, body: str) -> None:
    # the fragment's own add_header/proxy_set_header replaces whatever the http {} sets
    found = _severities(_fragment(body), rule_id)
    expected = {"NGX002": ["warning"], "NGX007": ["warning"], "NGX028": []}[rule_id]
    assert found == expected


def test_fragment_in_conf_d_of_the_stock_image_is_judged_with_its_known_includer() -> None:
    from deploylint.testing import run_case

    rules = Path(__file__).resolve().parents[2] / "rules"
    # compose mounts the folder (through a variable) over conf.d of nginx:<tag>: the includer is
    # the image's nginx.conf, which sets no resolver, so the finding keeps its warning
    _, _, report = run_case(rules / "NGX034" / "fail_stock_image_variable_mount", "NGX034")
    assert [f.severity.value for f in report.findings] == ["warning"]
    _, _, report = run_case(rules / "NGX007" / "fail_stock_image_copy", "NGX007")
    assert [f.severity.value for f in report.findings] == ["warning"]
    # the same site alone: its includer is unseen
    site = (rules / "NGX034" / "fail_stock_image_variable_mount" / "nginx" / "conf.d" / "site.conf").read_text()
    assert _severities(site, "NGX034") == ["info"]
