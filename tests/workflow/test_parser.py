from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.models.workflow import Workflow
from deploylint.parsers.workflow import parse
from deploylint.source import SourceFile

WF = """\
name: CI
on:
  push:
    branches: [main]
    tags: ["v*"]
  pull_request:
    paths-ignore: ["docs/**"]
  schedule:
    - cron: "0 3 * * 1"
  workflow_dispatch:
    inputs:
      level:
        type: choice
        options: [a, b]
        default: a
permissions:
  contents: read
env:
  A: "1"
jobs:
  test:
    runs-on: [self-hosted, linux]
    strategy:
      matrix:
        node: [18, 20]
        include:
          - node: 22
            extra: ${{ github.event.issue.title }}
    steps:
      - uses: actions/checkout@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v3.5.0
      - uses: ./local/action
      - uses: docker://alpine:3.19
      - uses: owner/repo/sub/path@main
      - run: npm ci && npm test
        shell: bash
  deploy:
    needs: test
    if: github.ref == 'refs/heads/main'
    environment:
      name: production
      url: https://example.com
    runs-on: ubuntu-latest
    permissions: write-all
    container:
      image: node:20
      credentials:
        username: u
        password: ${{ secrets.PW }}
    services:
      db:
        image: postgres:16
    steps:
      - run: kubectl apply -f k8s/
  call:
    uses: org/repo/.github/workflows/x.yml@v1
    secrets: inherit
"""


def load(text: str, name: str = "ci.yml") -> tuple[Workflow | None, list[str]]:
    p = parse(SourceFile(Path(name), text))
    return p.model, [f"{d.span.start_line}:{d.span.start_col} {d.message}" for d in p.errors]


def test_full_model() -> None:
    wf, errors = load(WF)
    assert errors == []
    assert wf is not None
    assert [t.event for t in wf.triggers] == ["push", "pull_request", "schedule", "workflow_dispatch"]
    push = wf.trigger("push")
    assert push is not None
    branches = push.filter("branches")
    assert branches is not None and [s.value for s in branches.items] == ["main"]
    sched = wf.trigger("schedule")
    assert sched is not None and sched.crons[0].value == "0 3 * * 1"
    wd = wf.trigger("workflow_dispatch")
    assert wd is not None and wd.inputs[0].type == "choice" and [o.value for o in wd.inputs[0].options] == ["a", "b"]
    assert wf.permissions is not None and wf.permissions.scope("contents") == "read"
    test, deploy, call = wf.jobs
    assert [s.value for s in test.runs_on] == ["self-hosted", "linux"]
    assert [s.value for s in test.matrix_values("node")] == ["18", "20", "22"]
    kinds = [s.uses.kind for s in test.steps if s.uses is not None]
    assert kinds == ["repo", "local", "docker", "repo"]
    pinned = test.steps[0].uses
    assert pinned is not None and pinned.is_sha_pinned and pinned.comment == "v3.5.0"
    sub = test.steps[3].uses
    assert sub is not None and (sub.owner, sub.repo, sub.path, sub.ref) == ("owner", "repo", "sub/path", "main")
    assert [c.command_name for c in test.steps[4].commands()] == ["npm", "npm"]
    assert [n.value for n in deploy.needs] == ["test"]
    assert deploy.environment is not None and deploy.environment.name is not None
    assert deploy.environment.name.value == "production"
    assert deploy.permissions is not None and deploy.permissions.whole is not None
    assert deploy.container is not None and deploy.container.password is not None
    assert deploy.services[0].name is not None and deploy.services[0].name.value == "db"
    assert wf.is_deploy_job(deploy) and not wf.is_deploy_job(test)
    assert call.uses is not None and call.secrets_inherit is not None
    assert wf.ancestors(deploy) == {"test"}
    assert wf.cycle() is None


def test_on_key_stays_a_string_and_yaml11_spellings() -> None:
    wf, errors = load("on: [push, pull_request]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: ls\n")
    assert errors == [] and wf is not None and wf.events == {"push", "pull_request"}


def test_cycle_and_unknown_keys() -> None:
    text = (
        "on: push\njobs:\n  a:\n    needs: c\n    runs-on: x\n    steps: [{run: ls}]\n"
        "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: ls}]\n"
        "  c:\n    needs: b\n    runs-on: x\n    runs_on: y\n    steps: [{run: ls}]\n"
    )
    wf, errors = load(text)
    assert wf is not None and wf.cycle() == ["a", "c", "b", "a"]
    assert errors == ["14:5 unknown key 'runs_on' in job 'c'; did you mean 'runs-on'?"]


def test_action_file() -> None:
    text = (
        "name: x\ndescription: y\ninputs:\n  who:\n    required: true\nruns:\n  using: composite\n"
        "  steps:\n    - run: echo ${{ inputs.who }}\n      shell: bash\n"
    )
    wf, errors = load(text, "action.yml")
    assert errors == [] and wf is not None and wf.is_action
    assert wf.action is not None and wf.action.using is not None and wf.action.using.value == "composite"
    assert wf.jobs[0].steps[0].run is not None


def test_bad_inputs_give_diagnostics() -> None:
    for text in ("", "[1, 2]", "on: push\njobs: 3\n", "jobs:\n  a: null\n", "on: {push: 3}\njobs: {}\n"):
        _, errors = load(text)
        assert errors, text


_KEYS = st.sampled_from(
    ["on", "jobs", "steps", "run", "uses", "needs", "if", "env", "with", "permissions", "runs-on", "a", "b"]
)
_SCALARS = st.sampled_from(
    ["push", "x@v1", "./a", "docker://x", "${{ github.head_ref }}", "${{ a", "read-all", "|", "'q'", "1", ""]
)


def _yaml(depth: int = 0) -> st.SearchStrategy[str]:
    if depth > 3:
        return _SCALARS
    child = st.deferred(lambda: _yaml(depth + 1))
    mapping = st.lists(st.tuples(_KEYS, child), max_size=4).map(
        lambda kvs: "{" + ", ".join(f"{k}: {v}" for k, v in kvs) + "}"
    )
    seq = st.lists(child, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    return st.one_of(_SCALARS, mapping, seq)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yaml())
def test_structured_yaml_never_raises(text: str) -> None:
    for name in ("ci.yml", "action.yml"):
        wf, _ = load(text, name)
        if wf is not None:
            for j in wf.jobs:
                wf.is_deploy_job(j)
                for s in j.steps:
                    s.commands()
            wf.cycle()
            for _, s in wf.strings:
                for _p, n, _e in s.refs():
                    s.node_span(n)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_raises(text: str) -> None:
    load(text)
    load(
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          "
        + text.replace("\n", "\n          ")
    )
