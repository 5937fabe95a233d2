"""deploylint.models.urls: which URLs use a plaintext scheme to reach a public host."""

from __future__ import annotations

import pytest

from deploylint.models.urls import InsecureUrl, insecure_url


@pytest.mark.parametrize(
    ("text", "start", "want"),
    [
        ("http://example.com/x", 0, InsecureUrl(0, "http", "example.com")),
        ("git://git.kernel.org/pub/scm/git.git", 0, InsecureUrl(0, "git", "git.kernel.org")),
        ("HTTP://User:pw@Example.COM:8080/", 0, InsecureUrl(0, "http", "example.com")),
        ("--index-url=http://pypi.example.com/simple", 12, InsecureUrl(12, "http", "pypi.example.com")),
        ("http://8.8.8.8/", 0, InsecureUrl(0, "http", "8.8.8.8")),
    ],
)
def test_insecure_urls(text: str, start: int, want: InsecureUrl) -> None:
    assert insecure_url(text, start) == want


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/",
        "ssh://git@example.com/x.git",
        "http://localhost:8080/",
        "http://api.localhost/",
        "http://127.0.0.1:3000/",
        "http://[::1]:80/",
        "http://192.168.1.10/",
        "http://10.0.0.1/",
        "http://postgres:5432/",
        "http://printer.local/",
        "http://metadata.google.internal/",
        "http://$HOST/x",
        "http://${{ env.HOST }}/x",
        "see http://example.com",
        "http:///path-only",
    ],
)
def test_not_reported(text: str) -> None:
    assert insecure_url(text) is None
