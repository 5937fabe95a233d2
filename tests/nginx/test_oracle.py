"""crossplane 0.5.8 as a test-only oracle: our directive tree must agree with it on the corpus."""

from __future__ import annotations

from typing import Any

import pytest

from deploylint.parsers.nginx import parse_text, to_crossplane
from deploylint.source import DecodeError, SourceFile, decode
from tests.conftest import shared_path

crossplane = pytest.importorskip("crossplane")

# Files where crossplane's tree differs from ours on purpose.
KNOWN_DIFFERENCES = {
    # crossplane glues the whitespace after "${...}" into the word ("${uri} /abc" becomes one
    # argument); nginx ends the word at the space, and so do we
    "nginxinc__crossplane/tests/configs/messy/nginx.conf": "${var} followed by a space",
    "nginxinc__nginx-go-crossplane/testdata/configs/broken1/nginx.conf": "${url followed by a space",
    "nginxinc__nginx-go-crossplane/testdata/configs/broken1/nginx2.conf": "${url followed by a space",
}
# Files crossplane accepts (with context/argument checks off) where nginx would fail and we
# report NGX000: a '}' ends a statement that lacks its ';', and template placeholders
KNOWN_BROKEN = {
    "nginxinc__crossplane/tests/configs/missing-semicolon/broken-above.conf",
    "nginxinc__crossplane/tests/configs/missing-semicolon/broken-below.conf",
    "Varying-Vagrant-Vagrants__VVV/provision/core/nginx/config/site-fallback.conf",
}


def _strip(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # crossplane emits comments found between arguments as "#" directives even with comments off;
    # we report every comment through Parsed.comments instead
    return [
        {k: (_strip(v) if k == "block" else v) for k, v in d.items() if k in ("directive", "line", "args", "block")}
        for d in items
        if d["directive"] != "#"
    ]


def test_directive_tree_agrees_with_crossplane() -> None:
    corpus = shared_path("corpus", "nginx")
    compared = 0
    mismatches: list[str] = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        rel = path.relative_to(corpus).as_posix()
        try:
            text, _ = decode(path.read_bytes())
        except DecodeError:
            continue
        try:
            payload = crossplane.parse(str(path), single=True, check_ctx=False, check_args=False, catch_errors=False)
        except Exception:  # noqa: BLE001 - crossplane refuses the file: nothing to compare
            continue
        if payload["status"] != "ok":
            continue
        root, errors, _ = parse_text(SourceFile(path, text))
        if errors:
            if rel not in KNOWN_BROKEN:
                mismatches.append(f"{rel}: unexpected NGX000 {errors[0]}")
            continue
        ours = to_crossplane(root)
        theirs = _strip(payload["config"][0]["parsed"])
        if rel in KNOWN_DIFFERENCES:
            assert ours != theirs, f"{rel} now agrees; drop it from KNOWN_DIFFERENCES"
            continue
        compared += 1
        if ours != theirs:
            mismatches.append(rel)
    assert not mismatches, mismatches[:10]
    assert compared > 400
