"""Issue 18, the fourth probe: the classes of the issue tried a fourth time, with inputs the first
three rounds left out. Each defect it found is a case here: the exact message or exit code, with a
time bound, and a memory bound where memory was at stake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from deploylint.suggest import closest
from tests.hostile.test_fresh_probe import REPO, _deploylint, _repo, _selected, posix_only

# --- what the tool writes: the cache folder a repository's config names ------------------------------


def test_a_repository_config_cannot_send_the_cache_out_of_the_root(tmp_path: Path) -> None:
    """``cache-dir = "../../elsewhere"`` (or an absolute path, or a link in the repository to a
    folder outside) in the repository's own config made the scan create that folder and write its
    key and entries there: a pull request chose where the scan writes. It is now one config-error
    line and exit 2, and nothing is created; ``--cache-dir`` still names any folder."""
    root = _repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    (root / "lnk").symlink_to(tmp_path)
    for value in ("../outside/deep", str(outside), "lnk/outside"):
        (root / "pyproject.toml").write_text(f'[tool.deploylint]\ncache-dir = "{value}"\n')
        code, out, err, took = _deploylint(root, "check", ".")
        assert (code, out) == (2, ""), value
        assert err == (
            f"deploylint: config error: {root / 'pyproject.toml'}: cache-dir {value!r} is outside the scanned root"
            f" {root}: a config in the repository keeps its cache inside it (--cache-dir or $DEPLOYLINT_CACHE_DIR"
            " name a folder elsewhere)\n"
        )
        assert took < 20
        assert not outside.exists()
    (root / "pyproject.toml").write_text('[tool.deploylint]\ncache-dir = "build/lint-cache"\n')
    code, _out, _err, _took = _deploylint(root, "check", ".", "-q")
    assert code == 1
    assert (root / "build" / "lint-cache" / "files").is_dir()
    code, _out, _err, _took = _deploylint(root, "check", ".", "-q", "--cache-dir", str(outside))
    assert code == 1
    assert (outside / "files").is_dir()


# --- the deployment map is output too ----------------------------------------------------------------


@posix_only
def test_the_map_is_valid_utf8_and_shows_controls_in_every_format(tmp_path: Path) -> None:
    """``deploylint map`` escaped its labels for Mermaid and DOT but not as the reports do: a
    folder named with the bytes ``ff fe`` made the mermaid, dot and markdown maps invalid UTF-8
    (the lone surrogates were written raw), and C1 controls, U+2028 and the bidi marks passed
    into them (DOT kept even U+202E). Every map format now shows them as the reports do."""
    root = _repo(tmp_path)
    folder = os.fsdecode(b"w\x1b]8;;x\x07\xff\xfe\xe2\x80\xa8\xe2\x80\xae\xc2\x9b")
    (root / folder).mkdir()
    (root / folder / "Dockerfile").write_text("FROM alpine:latest\n")
    mermaid = "w#92;x1b#93;8#59;#59;x#92;x07#92;xff#92;xfe#92;u2028#92;u202e#92;x9b/Dockerfile"
    dot = "w\\\\x1b]8;;x\\\\x07\\\\xff\\\\xfe\\\\u2028\\\\u202e\\\\x9b/Dockerfile"
    expected = {
        "mermaid": f'  n2["Dockerfile: {mermaid} #40;3 findings#41;"]',
        "dot": f'  n2 [label="Dockerfile: {dot} (3 findings)", shape=box, fillcolor="#fff3cd"];',
    }
    for fmt in ("mermaid", "dot", "markdown", "json"):
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "deploylint", "map", ".", "--format", fmt],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        assert time.monotonic() - start < 20
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")  # strict: raises on a raw ff byte or a lone surrogate
        assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") and c != "\n"], fmt
        if fmt in expected:
            assert expected[fmt] in text.splitlines(), (fmt, text)
        if fmt == "markdown":
            assert expected["mermaid"] in text.splitlines()
        if fmt == "json":
            labels = [n["label"] for n in json.loads(text)["nodes"]]
            assert labels == ["Dockerfile", "w\x1b]8;;x\x07\\xff\\xfe\u2028\u202e\x9b/Dockerfile"]


# --- --diff on a file with line separators that are not line ends -----------------------------------


def test_a_diff_counts_lines_as_patch_does(tmp_path: Path) -> None:
    """``--diff`` split the file with ``str.splitlines``, which also ends a line at U+2028, U+0085,
    a form feed and a lone CR: a comment holding them gave a diff with "No newline at end of file"
    marks in mid-file and hunk numbers of its own, which neither ``patch`` nor ``git apply``
    applies. Lines now end at LF only, as Docker and patch count them."""
    root = _repo(tmp_path)
    comment = "# a\u2028b\x0cc\x85d\rRUN e"
    (root / "Dockerfile").write_bytes(f"FROM python:3.12-slim\n{comment}\nRUN pip install flask==3.0.2\n".encode())
    code, out, err, took = _deploylint(root, "check", ".", "--diff")
    assert (code, err) == (1, "deploylint: 1 fix would change 1 files\n")
    assert out == (
        "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM python:3.12-slim\n"
        f" {comment}\n-RUN pip install flask==3.0.2\n+RUN pip install --no-cache-dir flask==3.0.2\n"
    )
    assert took < 20


# --- rules over many steps, stages and names ----------------------------------------------------------


def test_a_job_of_many_steps_is_typed_in_linear_time(tmp_path: Path) -> None:
    """The ``steps`` context of each expression was built afresh from every earlier step, and the
    step holding it found by listing the job's steps: a job of 3,000 steps each testing the one
    before took 9.8 s, and 4,000 ran into the 10 s budget (GHA000, every other finding lost). One
    table per job now answers every step."""
    root = _repo(tmp_path)
    n = 4000
    outputs = "".join(f"      o{i}: ${{{{ steps.s{i}.outputs.x }}}}\n" for i in range(0, n, 10))
    first = "      - id: s0\n        if: steps.s1.outputs.ok == 'true'\n        run: echo ok=true >> $GITHUB_OUTPUT\n"
    steps = "".join(
        f"      - id: s{i}\n        if: steps.s{i - 1}.outputs.ok == 'true'\n        run: echo ok=true >> $GITHUB_OUTPUT\n"
        for i in range(1, n)
    )
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        f"on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n{outputs}    steps:\n{first}{steps}"
    )
    (root / "Dockerfile").unlink()
    code, out, _err, took = _deploylint(root, "check", ".", "--no-cache", "--format", "json")
    found = [(f["rule_id"], f["line"], f["column"], f["message"]) for f in json.loads(out)["findings"]]
    assert (code, found) == (1, [("GHA037", 409, 13, "no earlier step of job 'a' has id 's1'")])
    assert took < 15


def test_suggestions_for_many_misspelt_names_cost_a_lookup_each(tmp_path: Path) -> None:
    """ "Did you mean" compared each misspelt name with every known one: 4,000 ``COPY --from`` of
    unknown stages among 4,000 stages, or 4,000 undeclared ``inputs`` among 4,000 inputs, ran
    into the 10 s budget (DKR000/GHA000, every finding lost). Past 100 names only the names one
    edit away are looked up, so each finding keeps its suggestion."""
    root = _repo(tmp_path)
    n = 4000
    stages = "".join(f"FROM alpine:3.19 AS stage{i}\n" for i in range(n))
    copies = "".join(f"COPY --from=stagx{i} /a /a\n" for i in range(n))
    (root / "Dockerfile").write_text(stages + copies + "USER 1\n")
    inputs = "".join(f"      in{i}: {{type: string}}\n" for i in range(n))
    uses = "".join(f"      - run: echo ${{{{ inputs.ix{i} }}}}\n" for i in range(n))
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        f"on:\n  workflow_call:\n    inputs:\n{inputs}permissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n{uses}"
    )
    code, found, took = _selected(root, "DKR021,GHA037,DKR000,GHA000")
    by_rule = {rid: [f["message"] for f in found if f["rule_id"] == rid] for rid in ("DKR021", "GHA037")}
    assert (code, len(found), len(by_rule["DKR021"]), len(by_rule["GHA037"])) == (1, 2 * n, n, n)
    assert by_rule["DKR021"][7] == (
        "no stage is named 'stagx7' (did you mean 'stage7'?): BuildKit pulls the image stagx7:latest instead,"
        " unless a build context named 'stagx7' is passed"
    )
    assert "input 'ix7' is not declared by workflow_dispatch or workflow_call; did you mean 'in7'?" in by_rule["GHA037"]
    assert took < 20


def test_a_suggestion_is_the_same_among_few_names_and_many() -> None:
    few = {f"stage{i}" for i in range(50)}
    many = few | {f"other-name-{i}" for i in range(5000)}
    for word, expected in (("stagx7", "stage7"), ("stage77", "stage7"), ("sage7", "stage7"), ("tsage7", "stage7")):
        assert closest(word, few, cutoff=0.75) == expected, word
        assert closest(word, many, cutoff=0.75) == expected, word
    assert closest("zzzzzz", many) is None
    assert closest("x" * 40, many | {"x" * 39}) is None  # too long to look up neighbours among many
    assert closest("x" * 40, few | {"x" * 39}) == "x" * 39


def test_a_job_of_many_checkouts_is_checked_in_linear_time(tmp_path: Path) -> None:
    """GHA015 looked at every later step for each ``actions/checkout``: a job of 10,000 checkout
    steps took 18 million steps and ran into the 10 s budget (GHA000, every finding lost). What
    the later steps do is now gathered in one pass from the end of the job."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 10_000
    steps = "".join(f"      - uses: actions/checkout@v{i}\n" for i in range(n))
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        f"on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
        "      - uses: some/action@0123456789abcdef0123456789abcdef01234567\n"
    )
    code, found, took = _selected(root, "GHA015,GHA000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (0, n, {"GHA015"})
    assert found[0]["message"] == (
        "'actions/checkout' keeps the token in .git/config and third-party action 'some/action' runs later in the job"
    )
    assert took < 15


def test_many_jobs_are_looked_up_by_id(tmp_path: Path) -> None:
    """``Workflow.job`` scanned every job for each lookup (each job's ``needs`` context, each
    expression's scope, each ``needs`` entry): 12,000 jobs took 10.5 s, 20,000 about 30 s. A
    lookup is now a dictionary."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 20_000
    jobs = "".join(
        f"  j{i}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{{{ secrets.S{i} }}}}\n"
        for i in range(n)
    )
    last = "  last:\n    needs: [j1, J2, nope]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.J1.result }}\n"
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(f"on: push\npermissions: {{}}\njobs:\n{jobs}{last}")
    code, findings, took = _selected(root, "GHA029,GHA037,GHA000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    assert code == 1
    assert [rid for rid, _line, _message in found] == ["GHA029"]
    assert found[0][1] == 5 + 4 * n
    assert found[0][2] == "job 'last' needs 'nope', which does not exist"
    assert took < 15


LIMIT = (
    "host ports from here on are not compared: more than 2,000,000 candidates (earlier ports on the same numbers)"
    " looked at, 2,000 ports so far"
)


def test_many_published_ports_are_compared_with_a_bounded_number_of_candidates(tmp_path: Path) -> None:
    """CMP027 gathered and sorted every earlier port on the numbers a port publishes before
    looking for a clash: 1,200 services publishing 1,001-port ranges on addresses of their own
    (nothing clashes) ran into the 10 s budget (CMP000, the file's findings lost), and N services
    on one port cost N². Candidates now come in order as asked for, the first clash ends the
    search, a range wider than 16 ports is compared directly, and past 2,000,000 candidates the
    rule says where it stopped."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    ranges = "".join(
        f'  s{i}:\n    image: x:1\n    ports: ["127.0.{i // 250}.{i % 250 + 1}:10000-11000:10000-11000"]\n'
        for i in range(2500)
    )
    (root / "compose.yaml").write_text(f"services:\n{ranges}")
    code, findings, took = _selected(root, "CMP027,CMP000")
    found = [(f["rule_id"], f["line"], f["severity"], f["message"]) for f in findings]
    assert (code, found) == (
        1,
        [
            (
                "CMP027",
                3 * 2000 + 4,
                "warning",
                LIMIT,
            )
        ],
    )
    assert took < 15
    same = "".join(f'  s{i}:\n    image: x:1\n    ports: ["8080:80"]\n' for i in range(20_000))
    (root / "compose.yaml").write_text(f"services:\n{same}")
    code, found, took = _selected(root, "CMP027,CMP000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (1, 19_999, {"CMP027"})
    assert found[-1]["message"] == "host port 8080 of service 's19999' is also published by 's0'"
    assert took < 20


def test_many_headers_over_many_locations_are_compared_once_per_level(tmp_path: Path) -> None:
    """NGX006 compared the enclosing level's headers with each block's own again for every
    block: 2,500 server headers and 2,500 locations took 3.2 s, 10,000 of each ran into the 10 s
    budget (NGX000, every finding lost). The level's headers are gathered once; a message names
    the first 50 dropped and counts the rest."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 10_000
    headers = "".join(f"  add_header X-H{i} v;\n" for i in range(n))
    locations = "".join(f"  location /l{i} {{ add_header X-H{i} v; }}\n" for i in range(n))
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n server {{ listen 80;\n{headers}{locations} }}\n}}\n")
    code, findings, took = _selected(root, "NGX006,NGX000")
    found = [f for f in findings if f["rule_id"] in ("NGX006", "NGX000")]
    assert (code, len(found), {f["rule_id"] for f in found}) == (0, n, {"NGX006"})
    named = ", ".join(f"X-H{i}" for i in range(1, 51))
    assert found[0]["message"] == f"add_header here drops the {named} and 9,949 more set on the enclosing level"
    assert took < 15


# --- config values: the repository's jobs -------------------------------------------------------------


def test_a_repository_config_cannot_start_a_process_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``jobs = 1024`` in the repository's own config started one worker process per 8 files: 400
    files gave 50 processes, 8,200 files would give 1,024 (tens of GB of memory on a 2-core
    runner). A pool now has at most two workers per core, whoever asks for more."""
    import concurrent.futures

    from deploylint import parallel
    from deploylint.config import load_settings
    from deploylint.engine import lint_paths

    started: list[int] = []

    class NoPool:
        """Records the workers asked for and refuses, so the scan runs in-process."""

        def __init__(self, workers: int, **_kw: object) -> None:
            started.append(workers)
            raise OSError("no pool in this test")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", NoPool)
    root = _repo(tmp_path)
    (root / "pyproject.toml").write_text("[tool.deploylint]\njobs = 1024\n")
    for i in range(400):
        (root / f"Dockerfile.{i}").write_text("FROM alpine:3.19\nUSER 1\n")
    start = time.monotonic()
    report = lint_paths([root], load_settings(root))
    assert started == [min(50, 2 * parallel.available_cores())]
    assert len([f for f in report.findings if f.rule_id == "DKR003"]) == 401
    assert time.monotonic() - start < 60


def _workflow(root: Path, text: str) -> None:
    wf = root / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(text)


def test_many_workflow_inputs_are_looked_up_by_name(tmp_path: Path) -> None:
    """Each input's default saw the inputs above it built afresh, and its declaration was found
    by a scan; each ``inputs.x`` looked through every declared input: 10,000 ``workflow_call``
    inputs each defaulting to the one before ran into the 10 s budget (GHA000), 10,000
    ``workflow_dispatch`` inputs read by 10,000 steps took 8 s."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 10_000
    first = "      in0:\n        type: string\n        default: ${{ inputs.in1 }}\n"
    rest = "".join(
        f"      in{i}:\n        type: string\n        default: ${{{{ inputs.in{i - 1} }}}}\n" for i in range(1, n)
    )
    reads = "".join(f"      - run: echo ${{{{ inputs.in{i} }}}}\n" for i in range(n))
    _workflow(
        root,
        f"on:\n  workflow_call:\n    inputs:\n{first}{rest}  workflow_dispatch:\n    inputs:\n"
        + "".join(f"      in{i}:\n        type: string\n" for i in range(n))
        + f"permissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{reads}      - run: echo ${{{{ inputs.nope }}}}\n",
    )
    code, findings, took = _selected(root, "GHA037,GHA000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    assert code == 1
    assert found == [
        ("GHA037", 6, "input 'in1' is not declared above input 'in0'"),
        ("GHA037", 11 + 6 * n, "input 'nope' is not declared by workflow_dispatch or workflow_call"),
    ]
    assert took < 15


def test_many_upstreams_are_gathered_once(tmp_path: Path) -> None:
    """NGX007 gathered the names of every ``upstream`` block again for each ``proxy_pass``:
    10,000 upstreams with a location each ran into the 10 s budget (NGX000)."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 10_000
    upstreams = "".join(f" upstream u{i} {{ server 10.0.0.1:{1000 + i}; }}\n" for i in range(n))
    locations = "".join(f"  location /u{i} {{ proxy_pass http://u{i}; }}\n" for i in range(n))
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n{upstreams} server {{ listen 80;\n{locations} }}\n}}\n")
    code, found, took = _selected(root, "NGX007,NGX000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (1, n, {"NGX007"})
    assert took < 15


def test_many_named_variables_beside_many_maps_are_traced_in_linear_time(tmp_path: Path) -> None:
    """Following ``$m7`` (a possible named capture) walked every sibling above the block at
    each level: 12,000 ``map`` blocks in ``http`` and a server using each took 4.4 s, 40,000
    ran into the 10 s budget (NGX000); every ``rewrite`` above was tried for each use as well.
    A block's children and rewrites are now indexed once, by capture."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 40_000
    maps = "".join(f" map $host $m{i} {{ default a; }}\n" for i in range(n))
    locations = "".join(f"  location /m{i} {{ return 200 $m{i}; }}\n" for i in range(n))
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n{maps} server {{ listen 80;\n{locations} }}\n}}\n")
    code, out, _err, took = _deploylint(root, "check", ".", "--no-cache", "--format", "json")
    found = sorted(f["rule_id"] for f in json.loads(out)["findings"])
    assert (code, found) == (1, ["NGX001", "NGX009"])
    assert took < 15
    n = 12_000  # every rewrite above was tried for each use: 3,000 of each took 3.8 s
    rewrites = "".join(f"  rewrite ^/a{i}/(\\d+)$ /b/$1;\n" for i in range(n))
    locations = "".join(f"  location /m{i} {{ return 200 $x{i}; }}\n" for i in range(n))
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n server {{ listen 80;\n{rewrites}{locations} }}\n}}\n")
    code, out, _err, took = _deploylint(root, "check", ".", "--no-cache", "--format", "json")
    found = sorted(f["rule_id"] for f in json.loads(out)["findings"])
    assert (code, found) == (1, ["NGX001", "NGX009"])
    assert took < 15


# --- the project phase (links between files) --------------------------------------------------------


def test_many_proxied_services_are_linked_in_linear_time(tmp_path: Path) -> None:
    """Linking each ``proxy_pass`` to its Compose service gathered every service's names again:
    1,000 services proxied to by 1,000 locations took 2.3 s, 4,000 took 19 s (the project phase
    has no per-file budget to stop it). The names are now indexed once per compose file."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 5000
    services = "".join(f'  s{i}:\n    image: x/s{i}:1\n    expose: ["{3000 + i}"]\n' for i in range(n))
    (root / "compose.yaml").write_text(f"services:\n{services}")
    locations = "".join(f"  location /s{i} {{ proxy_pass http://s{i}:{3000 + i}; }}\n" for i in range(n))
    last = "  location /b { proxy_pass http://nope:3000; }\n  location /c { proxy_pass http://s7:3999; }\n"
    (root / "nginx.conf").write_text(f"events {{}}\nhttp {{\n server {{ listen 80;\n{locations}{last} }}\n}}\n")
    code, findings, took = _selected(root, "PRJ")
    found = [(f["rule_id"], f["line"], f["message"][:80]) for f in findings]
    assert code == 1
    assert found == [
        ("PRJ004", n + 4, "nginx proxies to 'nope', which is no service, alias or container name in compose"),
        ("PRJ002", n + 5, "nginx sends traffic to s7:3999, but compose service 's7' listens on 3007"),
    ]
    assert took < 10


def test_many_steps_filtering_every_earlier_step_are_typed_in_linear_time(tmp_path: Path) -> None:
    """``steps.*.outcome`` merged the types of every earlier step again for each expression: 5,000
    steps each testing ``contains(steps.*.outcome, 'failure')`` ran into the 10 s budget (GHA000,
    every finding lost). The merges are now made once per job, as a running prefix."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 5000
    steps = "".join(
        f"      - id: s{i}\n        if: contains(steps.*.outcome, 'failure')\n        run: echo hi\n" for i in range(n)
    )
    last = "      - if: steps.*.outcome.nope == 'x'\n        run: echo\n"
    _workflow(root, f"on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}{last}")
    code, out, _err, took = _deploylint(root, "check", ".", "--no-cache", "--format", "json")
    found = [(f["rule_id"], f["line"], f["message"]) for f in json.loads(out)["findings"]]
    message = "'==' compares an array with a string: an object or array equals nothing but itself"
    assert (code, found) == (1, [("GHA037", 7 + 3 * n, message)])
    assert took < 15


def test_contexts_read_by_many_expressions_are_made_once(tmp_path: Path) -> None:
    """``needs.*`` merged every needed job's type again for each expression (a job needing 1,500
    others, read by 1,500 steps: 5.9 s; 6,000 ran into the 10 s budget), and ``jobs`` in a
    ``workflow_call`` output was made again for each output (6,000 outputs: 6.1 s). Both are now
    made once."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 6000
    jobs = "".join(
        f"  j{i}:\n    runs-on: ubuntu-latest\n    outputs:\n      x{i}: y\n    steps:\n      - run: echo\n"
        for i in range(n)
    )
    needs = ",".join(f"j{i}" for i in range(n))
    reads = "".join(
        f"      - if: contains(needs.*.result, 'failure') && needs.j{i}.result == 'success'\n        run: echo\n"
        for i in range(n)
    )
    outputs = "".join(f"      o{i}: {{value: '${{{{ jobs.j{i}.outputs.x{i} }}}}'}}\n" for i in range(n))
    _workflow(
        root,
        f"on:\n  workflow_call:\n    outputs:\n{outputs}      bad: {{value: '${{{{ jobs.j1.outputs.x2 }}}}'}}\n"
        f"permissions: {{}}\njobs:\n{jobs}  last:\n    needs: [{needs}]\n    runs-on: ubuntu-latest\n    steps:\n{reads}",
    )
    code, findings, took = _selected(root, "GHA037,GHA000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    assert (code, found) == (1, [("GHA037", 4 + n, "job 'j1' declares no output 'x2'")])
    assert took < 15


def test_a_large_env_read_by_many_steps_is_looked_up_by_name(tmp_path: Path) -> None:
    """GHA005 gathered the job's secret-reading env names again for each step, and ``Env.get``
    scanned every variable per lookup: a job ``env`` of 6,000 variables read by 6,000 steps took
    9 s, 10,000 ran into the 10 s budget (GHA000). The names and the lookup are now made once per env."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 10_000
    env = "      V0: ${{ secrets.S }}\n" + "".join(f"      V{i}: x\n" for i in range(1, n))
    steps = "".join(f"      - run: echo ${{{{ toJSON(env) }}}} ${{{{ env.V{i} }}}}\n" for i in range(1, n))
    _workflow(
        root,
        f"on: push\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n{env}    steps:\n{steps}"
        "      - run: echo $V0\n",
    )
    code, findings, took = _selected(root, "GHA005,GHA000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    assert (code, found) == (1, [("GHA005", 7 + 2 * n, "'echo' prints '$V0', which holds a secret, to the job log")])
    assert took < 15
