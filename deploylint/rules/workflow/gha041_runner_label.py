import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.workflow import Job, Str, Workflow
from deploylint.registry import Kind, rule
from deploylint.rules.workflow._levels import each_job

#: GitHub-hosted runner labels in service (standard and larger macOS runners), and the OS of each
HOSTED: dict[str, str] = {
    **dict.fromkeys(
        (
            "ubuntu-latest",
            "ubuntu-26.04",
            "ubuntu-24.04",
            "ubuntu-22.04",
            "ubuntu-26.04-arm",
            "ubuntu-24.04-arm",
            "ubuntu-22.04-arm",
            "ubuntu-slim",
        ),
        "linux",
    ),
    **dict.fromkeys(("windows-latest", "windows-2025", "windows-2022", "windows-11-arm"), "windows"),
    **dict.fromkeys(
        (
            "macos-latest",
            "macos-26",
            "macos-15",
            "macos-14",
            "macos-26-intel",
            "macos-15-intel",
            "macos-latest-large",
            "macos-latest-xlarge",
            "macos-26-xlarge",
            "macos-15-large",
            "macos-15-xlarge",
            "macos-14-large",
            "macos-14-xlarge",
        ),
        "macos",
    ),
}

#: hosted labels GitHub has retired, with the date the image went away (jobs asking for them fail)
RETIRED: dict[str, str] = {
    "ubuntu-16.04": "2021-09-20",
    "ubuntu-18.04": "2023-04-03",
    "ubuntu-20.04": "2025-04-15",
    "windows-2016": "2022-03-15",
    "windows-2019": "2025-06-30",
    "macos-10.13": "",
    "macos-10.14": "",
    "macos-10.15": "2022-08-30",
    "macos-11": "2024-06-28",
    "macos-12": "2024-12-03",
    "macos-13": "2025-12-04",
    "macos-13-large": "2025-12-04",
    "macos-13-xlarge": "2025-12-04",
}

#: labels every self-hosted runner gets (the OS and the architecture)
SELF_HOSTED_PRESET = frozenset({"self-hosted", "linux", "macos", "windows", "x64", "arm", "arm64"})

#: label prefixes of hosted-runner services that take GitHub jobs (their labels are theirs to define)
RUNNER_SERVICES = ("depot-", "blacksmith-", "buildjet-", "namespace-profile-", "nscloud-", "warp-", "ubicloud-")

#: looks like a GitHub-hosted label (an OS image name and version): a miss is certainly a mistake
_HOSTED_LIKE = re.compile(r"(ubuntu|windows|macos)-(latest|\d+(\.\d+)?)(-(arm|intel|large|xlarge))?", re.IGNORECASE)


def hosted_os(label: str) -> str | None:
    """``linux``, ``windows`` or ``macos`` for a GitHub-hosted label in service, else None."""
    return HOSTED.get(label.strip().lower())


def system_of(label: str) -> str | None:
    """The system a label asks for: a hosted label's, or the ``linux``/``macos``/``windows``
    label itself; None for any other label."""
    low = label.strip().lower()
    return hosted_os(low) or (low if low in ("linux", "macos", "windows") else None)


@rule(
    id="GHA041",
    name="runner-label",
    title="runs-on names an unknown, retired or impossible runner label",
    kind=Kind.WORKFLOW,
    severity=Severity.ERROR,
    tags=("correctness",),
    aliases=("runner-label",),
)
@each_job
def runner_label(wf: Workflow, job: Job, ctx: Context) -> Iterator[Finding]:
    """## Why
    A job whose `runs-on` no runner matches waits in the queue until it is cancelled (a day
    later for self-hosted labels), and a label GitHub has retired (`ubuntu-20.04`,
    `windows-2019`, `macos-13`...) fails the job at once. A list of labels asks for a runner that
    has all of them, so GitHub-hosted images of two systems in one list
    (`[ubuntu-latest, windows-latest]`) can never be met: use a matrix to run on each.

    Labels listed with `self-hosted` (or under a runner `group:`) are the user's own and are not
    checked. Other labels must be a GitHub-hosted label in service, a label every self-hosted
    runner has (`linux`, `x64`, `arm64`...), or one declared in the configuration:

        [tool.deploylint.workflow]
        self-hosted-labels = ["gpu", "linux-16-core"]

    A label that looks like a hosted image (`ubuntu-19.04`, `macos-10`) but is not one is an
    error; any other unknown label is info: most are a larger runner's or a runner service's own
    label (`linux.2xlarge`, `gpu-box`), which only the configuration can tell. Labels of runner
    services that take GitHub jobs (`depot-`, `blacksmith-`, `buildjet-`, `namespace-profile-`,
    `nscloud-`, `warp-`, `ubicloud-`) are theirs and not checked. Labels computed by an expression are taken through the matrix when they are
    `${{ matrix.<key> }}`, and otherwise not checked.

    ## Example
        on: push
        jobs:
          test:
            runs-on: ubuntu-20.04
            steps:
              - run: make test

    ## Use instead
        on: push
        jobs:
          test:
            runs-on: ubuntu-24.04
            steps:
              - run: make test

    ## Differences from actionlint
    actionlint reports every unknown label as an error; here only labels shaped like a hosted
    image name are errors, others info. Empty lists under `runs-on` are reported by GHA000.
    """
    if job.is_reusable_call:
        return
    empty = job.empty_runs_on
    if empty is not None:
        yield ctx.finding(empty, f"job '{job.id.value}' has 'runs-on' with no runner label")
        return
    if job.runs_on_group is not None and not job.runs_on_group.has_expr and not job.runs_on_group.value.strip():
        yield ctx.finding(job.runs_on_group, f"job '{job.id.value}' has an empty runner group")
    labels = job.runs_on
    if any(s.value.strip().lower() == "self-hosted" for s in labels) or job.runs_on_group is not None:
        # the user's own labels: only empty ones are certainly wrong
        for s in labels:
            if not s.has_expr and not s.value.strip():
                yield ctx.finding(s, "an empty runner label matches no runner")
        return
    declared = {str(x).lower() for x in _declared(wf)}
    values = [v for s in labels for v in job.through_matrix(s) if not v.has_expr]
    for v in values:
        yield from _check_label(ctx, v, declared)
    if len(labels) > 1:
        hosted = next((v for v in values if hosted_os(v.value) is not None), None)
        for v in values:
            other = system_of(v.value)
            if hosted is not None and other is not None and other != hosted_os(hosted.value):
                yield ctx.finding(
                    v,
                    f"label '{v.value}' cannot be met together with '{hosted.value}' (line "
                    f"{hosted.span.start_line}): a runner is one image; use a matrix to run on each",
                )


def _check_label(ctx: Context, v: Str, declared: set[str]) -> Iterator[Finding]:
    name = v.value.strip()
    low = name.lower()
    if not name:
        yield ctx.finding(v, "an empty runner label matches no runner")
        return
    if low in HOSTED or low in SELF_HOSTED_PRESET or low in declared or low.startswith(RUNNER_SERVICES):
        return
    if low in RETIRED:
        when = f" on {RETIRED[low]}" if RETIRED[low] else ""
        yield ctx.finding(v, f"runner label '{name}' was retired by GitHub{when}: jobs asking for it fail")
        return
    if _HOSTED_LIKE.fullmatch(name):
        yield ctx.finding(v, f"'{name}' is not a GitHub-hosted runner label")
        return
    yield ctx.finding(
        v,
        f"runner label '{name}' is not GitHub-hosted: list it with 'self-hosted', or declare it in "
        "[tool.deploylint.workflow] self-hosted-labels",
        severity=Severity.INFO,
    )


def _declared(wf: Workflow) -> list[object]:
    raw = wf.deploy_settings.get("self-hosted-labels") or wf.deploy_settings.get("self_hosted_labels") or []
    return list(raw) if isinstance(raw, list) else []
