"""Inline suppressions work on nginx files, by id and by gixy alias."""

from __future__ import annotations

from deploylint.kinds import Kind
from deploylint.testing import lint_text


def test_suppression_by_id_and_alias() -> None:
    text = (
        "location / {\n"
        "    # deploylint: ignore[NGX015] the upstream validates Host itself\n"
        "    proxy_set_header Host $http_host;\n"
        "    add_header X-Frame-Options DENY;  # deploylint: ignore[NGX004]\n"
        "    server_tokens on;  # deploylint: ignore[version_disclosure]\n"
        "}\n"
    )
    found = lint_text(text, Kind.NGINX, select=["NGX015", "NGX004", "NGX009"])
    assert found == []
    unsuppressed = text.replace("deploylint: ignore", "note")
    assert lint_text(unsuppressed, Kind.NGINX, select=["NGX015", "NGX004", "NGX009"]) == [
        ("NGX004", 4, 5),
        ("NGX009", 5, 5),
        ("NGX015", 3, 27),
    ]
