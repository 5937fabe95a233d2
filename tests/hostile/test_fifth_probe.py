"""Issue 18, the fifth probe: a sweep of every rule for a cost quadratic in the size of a file,
timing each shape at N and 4N elements. Each rule or lookup it found comparing every element
with every other is a case here: the exact findings, with a time bound well under the 10 s
per-file budget that the old code ran into."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.test_fresh_probe import _repo, _selected


def _workflow(root: Path, text: str) -> None:
    (root / "Dockerfile").unlink()
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "w.yml").write_text(text)


def test_many_ad_hoc_installs_in_one_job_are_checked_in_linear_time(tmp_path: Path) -> None:
    """GHA047 asked whether the job refreshes its lockfile (a scan of every step) again for each
    step that installs a package: 1,500 installs in one job took 4.7 s, 6,000 ran into the 10 s
    budget (GHA000). The fact is now worked out once per job."""
    root = _repo(tmp_path)
    n = 6_000
    steps = "".join(f"      - run: npm install p{i}\n" for i in range(n))
    _workflow(root, f"on: push\npermissions: {{}}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
    code, found, took = _selected(root, "GHA047,GHA000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (1, n, {"GHA047"})
    assert found[7]["message"] == (
        "'npm install' fetches the newest 'p7' on every run; pin its version, or add it to package.json and"
        " install with 'npm ci'"
    )
    assert took < 6


def test_many_literal_passwords_are_judged_in_linear_time(tmp_path: Path) -> None:
    """CMP008 looked through every service's environment for a data store holding the same value,
    again for each literal password: 1,500 services with a password each took 3.8 s, 6,000 ran
    into the 10 s budget (CMP000). Those values are now gathered once per file."""
    root = _repo(tmp_path)
    n = 6_000
    services = "".join(
        f"  s{i}:\n    image: alpine:3.20\n    environment:\n      PASSWORD_{i}: hunter{i}xyz\n" for i in range(n)
    )
    db = "  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: hunter7xyz\n"
    (root / "compose.yaml").write_text(f"services:\n{services}{db}")
    code, found, took = _selected(root, "CMP008,CMP000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (0, n + 1, {"CMP008"})
    assert {f["severity"] for f in found} == {"info"}
    assert [f["message"] for f in found[7:9]] == [
        "PASSWORD_7 in service 's7' is set to a literal secret (value masked)",
        "PASSWORD_8 in service 's8' is set to a literal secret (value masked)",
    ]
    assert took < 6


def test_many_metadata_tags_are_looked_up_by_step_id(tmp_path: Path) -> None:
    """GHA007 found the docker/metadata-action step a ``tags: ${{ steps.<id>.outputs.tags }}``
    reads by trying every step of the job, for each such input: 1,500 of each took 1.2 s, 6,000
    ran into the 10 s budget (GHA000). The job's metadata steps are now indexed once, by id; here
    every build reads the last of 6,000."""
    root = _repo(tmp_path)
    n = 6_000
    meta = "".join(
        f"      - uses: docker/metadata-action@v5\n        id: m{i}\n        with:\n          tags: type=raw,value=latest\n"
        for i in range(n)
    )
    builds = "".join(
        f"      - uses: docker/build-push-action@v5\n        with:\n          push: true\n"
        f"          tags: ${{{{ steps.m{n - 1}.outputs.tags }}}}\n"
        for i in range(n)
    )
    _workflow(root, f"on: push\npermissions: {{}}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n{meta}{builds}")
    code, findings, took = _selected(root, "GHA007,GHA000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    line = 7 + 4 * n + 3
    message = "image the docker/metadata-action tags is only tagged 'latest'; also tag it with '${{ github.sha }}' or a version"
    assert (code, found) == (1, [("GHA007", line, message)])
    assert took < 6


def test_many_reads_of_an_action_output_find_the_step_by_id(tmp_path: Path) -> None:
    """GHA012 found the step behind each ``${{ steps.<id>.outputs.<name> }}`` in a script by
    trying every step of the job: 6,000 scripts reading the last of 6,000 action steps took
    6 s of GHA012 alone and, with the other rules, ran into the 10 s budget (GHA000); 10,000 of
    each took 7.6 s with GHA012 alone. The job's steps are now indexed once, by id."""
    root = _repo(tmp_path)
    n = 10_000
    actions = "".join(f"      - uses: some/action@v1\n        id: a{i}\n" for i in range(n))
    runs = "".join(f"      - run: echo ${{{{ steps.a{n - 1}.outputs.x{i} }}}}\n" for i in range(n))
    _workflow(
        root, f"on: push\npermissions: {{}}\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n{actions}{runs}"
    )
    code, found, took = _selected(root, "GHA012,GHA000")
    assert (code, len(found), {f["rule_id"] for f in found}) == (0, n, {"GHA012"})
    assert found[7]["message"] == (
        f"'steps.a{n - 1}.outputs.x7' is an output of 'some/action' (text this workflow does not show) and is"
        " expanded into 'run'; pass it through 'env:'"
    )
    assert took < 5


def test_many_services_building_one_dockerfile_parse_it_once(tmp_path: Path) -> None:
    """Each Compose service built from a Dockerfile read and parsed that Dockerfile again when
    CMP004 asked for its HEALTHCHECK: 1,000 services building the targets of one 1,000-stage
    Dockerfile took 10 s in CMP004 and ran into the budget (CMP000). It is now parsed once."""
    root = _repo(tmp_path)
    n = 1_000
    services = "".join(f"  s{i}:\n    build:\n      context: .\n      target: t{i}\n" for i in range(n))
    (root / "compose.yaml").write_text(f"services:\n{services}")
    stages = "".join(f"FROM alpine:3.20 AS t{i}\n" + ("HEALTHCHECK CMD true\n" if i % 2 else "") for i in range(n))
    (root / "Dockerfile").write_text(stages)
    code, found, took = _selected(root, "CMP004,CMP000", "compose.yaml")
    assert (code, len(found), {f["rule_id"] for f in found}) == (0, n // 2, {"CMP004"})
    assert [f["message"] for f in found[:2]] == ["service 's0' has no healthcheck", "service 's2' has no healthcheck"]
    assert took < 5


def test_many_services_building_one_dockerfile_have_its_args_gathered_once(tmp_path: Path) -> None:
    """PRJ008 gathered every ``ARG`` of the Dockerfile again for each service building it: 4,000
    services passing build args to the targets of one 4,000-stage Dockerfile took 5.5 s in PRJ008
    alone (the project phase has no per-file budget to stop it). The names are now gathered once
    per Dockerfile."""
    root = _repo(tmp_path)
    n = 6_000
    services = "".join(
        f"  s{i}:\n    build:\n      context: .\n      target: t{i}\n      args: [A{i}=1, Z{i}=1]\n" for i in range(n)
    )
    (root / "compose.yaml").write_text(f"services:\n{services}")
    (root / "Dockerfile").write_text("".join(f"FROM alpine:3.20 AS t{i}\nARG A{i}\n" for i in range(n)))
    code, found, took = _selected(root, "PRJ008")
    assert (code, len(found), {f["rule_id"] for f in found}) == (1, n, {"PRJ008"})
    assert found[7]["message"] == "build arg 'Z7' of service 's7' is declared by no ARG in the Dockerfile"
    assert took < 5


def test_many_copies_against_a_long_dockerignore_try_only_the_patterns_that_can_match(tmp_path: Path) -> None:
    """DKR044 matched each ``COPY`` source against every ``.dockerignore`` pattern: 4,000 sources
    against 8,000 patterns ran into the 10 s budget (DKR000). A pattern whose first folder name
    is literal is now tried only on paths under that name; the last matching pattern still
    decides (``!`` re-includes)."""
    root = _repo(tmp_path)
    n = 4_000
    (root / ".dockerignore").write_text("*.log\n" + "".join(f"secret{i}/**\n!secret{i}/keep\n" for i in range(n)))
    copies = "".join(f"COPY f{i}.txt /f{i}\n" for i in range(n))
    (root / "Dockerfile").write_text(
        f"FROM alpine:3.20\n{copies}COPY secret7/a /a\nCOPY secret7/keep /k\nCOPY x.log /l\nCOPY secret7.log /s\n"
    )
    code, findings, took = _selected(root, "DKR044,DKR000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    excluded = "is excluded by .dockerignore, so it is not in the build context"
    assert (code, found) == (
        1,
        [
            ("DKR044", n + 2, f"secret7/a {excluded}"),
            ("DKR044", n + 4, f"x.log {excluded}"),
            ("DKR044", n + 5, f"secret7.log {excluded}"),
        ],
    )
    assert took < 5


def test_many_locations_passing_to_one_large_upstream_take_its_servers_once(tmp_path: Path) -> None:
    """Each ``proxy_pass`` to an upstream added every server of the upstream again, to the
    project's proxy targets (PRJ002, PRJ004) and to NGX028's checks: 1,200 locations passing to
    a 1,200-server upstream took 6 s in NGX028, 1,500 of each 4.4 s in PRJ002 and PRJ004 and hit
    the 10 s budget (NGX000) with all rules. Each upstream's servers are now taken once."""
    root = _repo(tmp_path)
    (root / "Dockerfile").unlink()
    n = 3_000
    (root / "compose.yaml").write_text("services:\n  api:\n    image: alpine:3.20\n")
    servers = "".join(f"  server s{i}{'.example.com' if i % 2 else ''}:80;\n" for i in range(n))
    locations = "".join(f"  location /u{i} {{ proxy_pass http://u; proxy_set_header Host $host; }}\n" for i in range(n))
    (root / "nginx.conf").write_text(
        f"events {{}}\nhttp {{\n upstream u {{\n{servers} }}\n server {{ listen 80;\n{locations} }}\n}}\n"
    )
    code, findings, took = _selected(root, "NGX028,PRJ002,PRJ004,NGX000")
    found = [(f["rule_id"], f["line"], f["message"]) for f in findings]
    assert (code, len(found)) == (1, n)
    assert found[:2] == [
        ("PRJ004", 4, "nginx proxies to 's0', which is no service, alias or container name in compose (api)"),
        ("NGX028", 5, "upstream server s1.example.com is resolved only at startup"),
    ]
    assert [r for r, _l, _m in found] == ["PRJ004", "NGX028"] * (n // 2)
    assert took < 5
