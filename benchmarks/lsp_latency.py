"""Language-server latency: time from ``didChange`` to ``publishDiagnostics``.

    python benchmarks/lsp_latency.py                # 50 edits per document, then 1,000 for memory
    python benchmarks/lsp_latency.py --edits 20 --soak 200

A real ``deploylint server`` subprocess is driven by pygls's client over stdio. Three documents are
generated on the fly (a 200-line Dockerfile, a 300-line workflow, a 500-line nginx config); each edit
changes one line, and the time until the server publishes the diagnostics of that version is taken.
Then the Dockerfile gets ``--soak`` more edits and the server's resident memory is read from
/proc before and after (growth beyond a small bound would be a leak). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path


def dockerfile(lines: int) -> str:
    """A realistic long Dockerfile: two stages, RUNs with continuation lines, comments, COPY and ENV."""
    out = ["# syntax=docker/dockerfile:1", "FROM python:3.12.4-slim AS build", "WORKDIR /src"]
    i = 0
    while len(out) < lines - 8:
        out += [
            f"# layer {i}: tools for part {i}",
            "RUN set -eux; \\",
            "    apt-get update; \\",
            f"    apt-get install -y --no-install-recommends pkg{i}=1.{i}.0; \\",
            "    rm -rf /var/lib/apt/lists/*",
            f"ENV PART_{i}=/opt/part{i}",
            f"COPY part{i}/ /src/part{i}/",
        ]
        i += 1
    out += [
        "FROM python:3.12.4-slim",
        "WORKDIR /app",
        "COPY --from=build /src /app",
        "RUN pip install --no-cache-dir -r requirements.txt",
        "USER 10001",
        "EXPOSE 8000",
        'HEALTHCHECK CMD ["python", "-c", "print(1)"]',
        'CMD ["python", "app.py"]',
    ]
    return "\n".join(out[:lines]) + "\n"


def workflow(lines: int) -> str:
    out = ["name: ci", "on: [push]", "permissions:", "  contents: read", "jobs:"]
    j = 0
    while len(out) < lines:
        out += [
            f"  job{j}:",
            "    runs-on: ubuntu-24.04",
            "    steps:",
            "      - uses: actions/checkout@v4",
            "        with:",
            "          persist-credentials: false",
            f"      - run: echo building part {j} && make part{j}",
        ]
        j += 1
    return "\n".join(out[:lines]) + "\n"


def nginx(lines: int) -> str:
    out = ["events {}", "http {", "  server_tokens off;"]
    s = 0
    while len(out) < lines - 1:
        out += [
            "  server {",
            f"    listen {8000 + s};",
            f"    server_name app{s}.example.com;",
            "    location / {",
            f"      proxy_pass http://127.0.0.1:{9000 + s};",
            "      proxy_set_header Host $host;",
            "    }",
            "  }",
        ]
        s += 1
    out = out[: lines - 1]
    # close any block the cut left open
    depth = sum(line.count("{") - line.count("}") for line in out)
    out += ["}"] * max(depth, 1)
    return "\n".join(out) + "\n"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def bench(edits: int, soak: int) -> list[tuple[str, int, float, float, float]]:
    from lsprotocol import types as lsp
    from pygls.lsp.client import LanguageClient

    root = Path(tempfile.mkdtemp(prefix="dl-lsp-bench-"))
    (root / ".git").mkdir()
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "nginx").mkdir()
    docs = {
        "Dockerfile": (root / "Dockerfile", dockerfile(200), "dockerfile"),
        "workflow (300 lines)": (root / ".github" / "workflows" / "ci.yml", workflow(300), "yaml"),
        "nginx (500 lines)": (root / "nginx" / "nginx.conf", nginx(500), "nginx"),
    }
    for path, text, _ in docs.values():
        path.write_text(text)

    client = LanguageClient("deploylint-bench", "1")
    waiting: dict[tuple[str, int], asyncio.Future[float]] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        fut = waiting.pop((params.uri, params.version or 0), None)
        if fut is not None and not fut.done():
            fut.set_result(time.perf_counter())

    await client.start_io(sys.executable, "-m", "deploylint", "server", cwd=str(root))
    await client.initialize_async(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=root.as_uri()))
    client.initialized(lsp.InitializedParams())
    loop = asyncio.get_running_loop()

    async def edit(uri: str, version: int, line: int, text: str) -> float:
        fut: asyncio.Future[float] = loop.create_future()
        waiting[(uri, version)] = fut
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(lsp.Position(line, 0), lsp.Position(line + 1, 0)), text=text
        )
        start = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(version=version, uri=uri), [change])
        )
        done = await asyncio.wait_for(fut, 30)
        return (done - start) * 1000

    rows = []
    proc = client._server
    assert proc is not None
    for label, (path, text, lang) in docs.items():
        uri = path.as_uri()
        opened: asyncio.Future[float] = loop.create_future()
        waiting[(uri, 1)] = opened
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, lang, 1, text)))
        await asyncio.wait_for(opened, 60)
        lines = text.splitlines(keepends=True)
        times = []
        for i in range(edits):
            line = 5 + (i * 7) % (len(lines) - 10)
            times.append(await edit(uri, i + 2, line, lines[line]))
            await asyncio.sleep(0.05)  # a person types; do not measure a queue
        rows.append((label, len(lines), statistics.median(times), min(times), max(times)))
        if label == "Dockerfile":
            before = rss_kib(proc.pid)
            version = edits + 2
            for i in range(soak):
                line = 5 + (i * 7) % (len(lines) - 10)
                await edit(uri, version + i, line, lines[line])
            after = rss_kib(proc.pid)
            rows.append(
                (f"memory after {soak} edits (KiB, before -> after)", before, float(after), float(after - before), 0.0)
            )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--soak", type=int, default=1000)
    args = ap.parse_args()
    rows = asyncio.run(bench(args.edits, args.soak))
    print("| document | lines | median ms | min ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, n, med, lo, hi in rows:
        if label.startswith("memory"):
            print(f"| {label} | {n} | {med:.0f} | growth {lo:+.0f} | |")
        else:
            print(f"| {label} | {n} | {med:.1f} | {lo:.1f} | {hi:.1f} |")


if __name__ == "__main__":
    main()
