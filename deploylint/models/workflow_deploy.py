"""Deploy, test, build and scan detection for workflow jobs (configurable).

Settings come from ``[tool.deploylint.workflow]``::

    deploy-commands = ["ansible-playbook deploy.yml"]   # extra command prefixes
    deploy-actions = ["my-org/deploy-action"]            # extra deploy actions (owner/repo[/path])
    test-jobs = ["verify*", "qa"]                        # extra job-id globs that count as tests
    scanners = ["my-org/scan-action", "clair-scanner"]   # extra scan commands/actions

The defaults cover the commands and actions listed in the rules' docs.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deploylint.models.workflow import Command, Job, Step, Workflow

DEPLOY_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("aws", "ecs", "update-service"),
    ("aws", "ecs", "deploy"),
    ("aws", "deploy", "create-deployment"),
    ("aws", "lambda", "update-function-code"),
    ("kubectl", "apply"),
    ("kubectl", "set", "image"),
    ("kubectl", "rollout", "restart"),
    ("kubectl", "rollout", "undo"),
    ("kubectl", "replace"),
    ("kubectl", "patch"),
    ("helm", "upgrade"),
    ("helm", "install"),
    ("docker", "push"),
    ("flyctl", "deploy"),
    ("fly", "deploy"),
    ("gcloud", "run", "deploy"),
    ("gcloud", "app", "deploy"),
    ("gcloud", "functions", "deploy"),
    ("az", "webapp", "deploy"),
    ("az", "webapp", "up"),
    ("az", "webapp", "config", "container", "set"),
    ("az", "containerapp", "update"),
    ("serverless", "deploy"),
    ("sls", "deploy"),
    ("terraform", "apply"),
    ("vercel", "--prod"),
    ("netlify", "deploy", "--prod"),
    ("pm2", "deploy"),
    ("cdk", "deploy"),
    ("wrangler", "deploy"),
    ("heroku", "container:release"),
)
DEPLOY_ACTIONS = (
    "aws-actions/amazon-ecs-deploy-task-definition",
    "azure/webapps-deploy",
    "azure/k8s-deploy",
    "google-github-actions/deploy-cloudrun",
    "google-github-actions/deploy-appengine",
    "appleboy/ssh-action",
    "appleboy/scp-action",
    "actions/deploy-pages",
    "superfly/flyctl-actions",
    "amondnet/vercel-action",
    "cloudflare/wrangler-action",
)
SCAN_ACTIONS = (
    "aquasecurity/trivy-action",
    "anchore/scan-action",
    "snyk/actions",
    "docker/scout-action",
    "crazy-max/ghaction-container-scan",
    "azure/container-scan",
    "sysdiglabs/scan-action",
    "lacework/lw-scanner-action",
    "aquasecurity/setup-trivy",
)
SCAN_COMMANDS = ("trivy", "grype", "snyk", "docker scout", "clair-scanner", "dockle", "twistcli")
TEST_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("npm", "test"),
    ("npm", "run", "test"),
    ("yarn", "test"),
    ("pnpm", "test"),
    ("pytest",),
    ("tox",),
    ("nox",),
    ("go", "test"),
    ("cargo", "test"),
    ("make", "test"),
    ("mvn", "test"),
    ("mvn", "verify"),
    ("gradle", "test"),
    ("./gradlew", "test"),
    ("dotnet", "test"),
    ("bundle", "exec", "rspec"),
    ("rspec",),
    ("phpunit",),
)
_DEPLOY_NAME = re.compile(r"(?<![a-z])(?:deploy(?:ments?|s|ing)?|rollout|promote)(?![a-z])", re.IGNORECASE)
_DEPLOY_ENV = re.compile(r"^(prod|production|staging|stage|live|preprod|pre-prod|deploy.*|.*-prod|prod-.*)$", re.I)
_TEST_JOB = re.compile(r"(^|[-_ ])(tests?|unit|unittests?|ci|check|checks|verify|e2e|integration)([-_ ]|$)", re.I)


def _settings(wf: Workflow, key: str) -> list[str]:
    raw = wf.deploy_settings.get(key) or wf.deploy_settings.get(key.replace("-", "_")) or []
    return [str(x) for x in raw] if isinstance(raw, list) else []


def command_matches(cmd: Command, pattern: tuple[str, ...]) -> bool:
    """``cmd`` is ``pattern``: the program, then its sub-command words in their own positions
    (``helm plugin install`` is not ``helm install``); see :meth:`Command.matches`."""
    return cmd.matches(*pattern)


def _words_in_order(cmd: Command, pattern: tuple[str, ...]) -> bool:
    """A configured pattern (``ansible-playbook deploy.yml``): the program, then each further
    word among the arguments in order (options of unknown arity may come between)."""
    if not cmd.words or cmd.command_name != pattern[0].rsplit("/", 1)[-1]:
        return False
    want = iter(pattern[1:])
    nxt = next(want, None)
    for a in cmd.arg_values:
        if nxt is not None and a == nxt:
            nxt = next(want, None)
    return nxt is None


def _index(patterns: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in patterns:
        out.setdefault(p[0], []).append(p)
    return out


_DEPLOY_INDEX = _index(DEPLOY_COMMANDS)
_TEST_INDEX = _index(TEST_COMMANDS)


def _extra_patterns(wf: Workflow, key: str) -> list[tuple[str, ...]]:
    return [tuple(p.split()) for p in _settings(wf, key) if p.split()]


def step_deploys(wf: Workflow, step: Step) -> str | None:
    """Why this step deploys (its first deploy action or command), or None."""
    return next(step_deploy_reasons(wf, step), None)


def step_deploy_reasons(wf: Workflow, step: Step) -> Iterator[str]:
    """Every deploy action or command of the step, in order (worked out once per step: GHA006,
    GHA020 and the job-level reasons ask it of the same steps, 25,000 times in a corpus scan)."""
    memo = wf._step_deploy
    got = memo.get(id(step))
    if got is None or got[0] is not step:
        got = memo[id(step)] = (step, tuple(_step_deploy_reasons(wf, step)))
    return iter(got[1])


def _step_deploy_reasons(wf: Workflow, step: Step) -> Iterator[str]:
    u = step.uses
    if u is not None and u.kind == "repo":
        names = (*DEPLOY_ACTIONS, *(a.lower() for a in _settings(wf, "deploy-actions")))
        if any(u.is_(n) or u.name.startswith(n + "/") for n in names):
            yield f"uses {u.slug}"
        elif u.is_("docker/build-push-action", "docker/bake-action"):
            push = step.input("push")
            if push is not None and push.value.strip().lower() == "true":
                yield f"pushes an image with {u.slug}"
    extra = _extra_patterns(wf, "deploy-commands") if wf.deploy_settings else []
    for cmd in step.commands(*_DEPLOY_INDEX, "ssh", *(p[0] for p in extra)):
        if _changes_nothing(cmd):
            continue
        for pat in _DEPLOY_INDEX.get(cmd.command_name or "", ()):
            if command_matches(cmd, pat):
                yield f"runs '{' '.join(pat)}'"
                break
        else:
            for pat in extra:
                if _words_in_order(cmd, pat):
                    yield f"runs '{' '.join(pat)}'"
                    break
        if cmd.command_name == "ssh":
            joined = " ".join(cmd.arg_values)
            if re.search(r"docker[ -]compose\b.*\bup\b", joined):
                yield "runs 'docker compose up' over ssh"


def _changes_nothing(cmd: Command) -> bool:
    """``--help``, ``--version`` or a dry run (``--dry-run``, ``--dry-run=client``)."""
    for a in cmd.arg_values:
        if a in ("--help", "-h", "--version") or (a.startswith("--dry-run") and a != "--dry-run=none"):
            return True
    return False


#: commands a status-aggregator job runs to report its needs' results
_REPORTING = frozenset({"echo", "printf", "exit", "test", "[", "[[", "jq", "true", "false", "cat"})
_AGGREGATOR_ACTIONS = ("re-actors/alls-green",)


def is_status_aggregator(job: Job) -> bool:
    """A job that only reports the results of the jobs it needs (a required "all green" check):
    it needs other jobs, reads ``needs.<job>.result`` (or ``needs.*.result``), and runs nothing
    but reporting commands (``echo``, ``exit 1``, ``jq``...) or a results action."""
    if not job.needs or job.uses is not None or not job.steps:
        return False
    strings = [job.if_] if job.if_ is not None else []
    for step in job.steps:
        if step.uses is not None:
            if not step.uses.is_(*_AGGREGATOR_ACTIONS):
                return False
            strings.extend(v for _k, v in step.with_)
        if step.run is not None:
            if any(c.command_name not in _REPORTING for c in step.commands()):
                return False
            strings.append(step.run)
        if step.if_ is not None:
            strings.append(step.if_)
    return any(p[0] == "needs" and (p[-1] == "result" or len(p) == 1) for s in strings for p, _n, _e in s.refs())


_LOCAL_CLUSTER_ACTIONS = ("helm/kind-action", "medyagh/setup-minikube", "absaoss/k3d-action", "nolar/setup-k3d-k3s")
_LOCAL_CLUSTER_CMDS: tuple[tuple[str, ...], ...] = (
    ("kind", "create", "cluster"),
    ("minikube", "start"),
    ("k3d", "cluster", "create"),
    ("microk8s",),
)
_CLUSTER_TOOLS = {"kubectl", "helm"}


def _local_cluster(job: Job) -> bool:
    """The job creates a throwaway cluster (kind, minikube, k3d): kubectl/helm there is testing."""
    for step in job.steps:
        if step.uses is not None and step.uses.is_(*_LOCAL_CLUSTER_ACTIONS):
            return True
        for cmd in step.commands("kind", "minikube", "k3d", "microk8s"):
            if any(command_matches(cmd, p) for p in _LOCAL_CLUSTER_CMDS):
                return True
    return False


def is_publishing(why: str) -> bool:
    """The reason is pushing an image (publishing), not deploying it somewhere."""
    return "docker push" in why or "build-push-action" in why or "bake-action" in why


def deploy_reason(wf: Workflow, job: Job, *, publishing: bool = True) -> str | None:
    """Why ``job`` deploys, from every step (not the first match): a deploy command or action
    wins over publishing an image (``docker push`` then ``aws ecs update-service`` deploys).
    Without ``publishing``, a job that only publishes gives None."""
    any_reason, deploying = deploy_reasons(wf, job)
    return any_reason if publishing else deploying


def deploy_reasons(wf: Workflow, job: Job) -> tuple[str | None, str | None]:
    """(why the job deploys or publishes, why it deploys beyond publishing): see
    :func:`deploy_reason`."""
    local = None
    published: str | None = None
    for step in job.steps:
        for why in step_deploy_reasons(wf, step):
            if why.startswith(("runs 'kubectl", "runs 'helm")):
                if local is None:
                    local = _local_cluster(job)
                if local:
                    continue
            if not is_publishing(why):
                return why, why
            published = published or why
    if published is not None:
        if feeds_tests(wf, job):
            return None, None
        return published, None
    if is_status_aggregator(job):
        return None, None
    weak = _weak_reason(job)
    return weak, weak


def feeds_tests(wf: Workflow, job: Job) -> bool:
    """A test job of the workflow needs ``job`` (directly or through other jobs): ``job`` is an
    upstream build stage (it pushes the image its later jobs pull and test), not a deploy."""
    low = job.id.value.lower()
    return any(other is not job and low in wf.ancestors(other) and is_test_job(wf, other) for other in wf.jobs)


def _weak_reason(job: Job) -> str | None:
    """A deploy environment or a deploy name (when the job does more than check out)."""
    if job.environment is not None and job.environment.name is not None:
        env = job.environment.name.value
        if _DEPLOY_ENV.match(env) and not job.environment.name.has_expr:
            return f"deploys to environment {env!r}"
    if _DEPLOY_NAME.search(job.id.value) or (job.name is not None and _DEPLOY_NAME.search(job.name.value)):
        # a name alone is weak evidence: require steps that do something besides checkout
        if any(s.run is not None or (s.uses is not None and not s.uses.is_("actions/checkout")) for s in job.steps):
            return f"is named {job.label!r}"
    return None


def is_test_job(wf: Workflow, job: Job) -> bool:
    """A job that tests: configured ``test-jobs`` globs, a test-like id or name, or a test command.
    A status aggregator (it only reports its needs' results, such as a "CI gate") tests nothing."""
    globs = _settings(wf, "test-jobs")
    if any(fnmatch.fnmatchcase(job.id.value.lower(), g.lower()) for g in globs):
        return True
    if is_status_aggregator(job):
        return False
    if _TEST_JOB.search(job.id.value) or (job.name is not None and _TEST_JOB.search(job.name.value)):
        return True
    for step in job.steps:
        for cmd in step.commands(*_TEST_INDEX):
            if any(command_matches(cmd, p) for p in _TEST_INDEX.get(cmd.words[0].value if cmd.words else "", ())):
                return True
    return False


#: commands that write somewhere with the job's credentials: (name, first argument)
_PUBLISH = {("git", "push"), ("npm", "publish"), ("yarn", "publish"), ("pnpm", "publish"), ("gh", "release")}
_PUBLISH |= {("gh", "pr"), ("twine", "upload"), ("cargo", "publish"), ("docker", "push"), ("gem", "push")}
_PUBLISH_NAMES = tuple({n for n, _ in _PUBLISH})


def ships(wf: Workflow, jobs: Iterable[Job] | None = None) -> bool:
    """The workflow (or the given jobs) deploys, publishes or pushes anything (a deploy job, an
    image pushed even for its own tests, ``git push``, ``npm publish``...), or hands all secrets
    to a reusable workflow: what it runs with can reach users."""
    for j in wf.jobs if jobs is None else jobs:
        if j.secrets_inherit is not None or wf.is_deploy_job(j):
            return True
        for st in j.steps:
            if any(is_publishing(w) for w in step_deploy_reasons(wf, st)):
                return True
            if any(
                (c.command_name, c.arg_values[0] if c.arg_values else "") in _PUBLISH
                for c in st.commands(*_PUBLISH_NAMES)
            ):
                return True
    return False


def is_test_only(wf: Workflow) -> bool:
    """No secret, no push or publish, no deploy anywhere in the workflow: it only builds and tests."""
    if any(path[0] == "secrets" for _w, s in wf.strings for path, _n, _e in s.refs()):
        return False
    return not ships(wf)


def step_scans(wf: Workflow, step: Step) -> bool:
    u = step.uses
    extra = [s.lower() for s in _settings(wf, "scanners")]
    if (
        u is not None
        and u.kind == "repo"
        and any(u.is_(n) or u.name.startswith(n + "/") for n in (*SCAN_ACTIONS, *extra))
    ):
        return True
    for cmd in step.commands(*(p.split()[0] for p in (*SCAN_COMMANDS, *extra))):
        for pat in (*SCAN_COMMANDS, *extra):
            if command_matches(cmd, tuple(pat.split())):
                return True
    return False


def step_builds_image(step: Step) -> bool:
    u = step.uses
    if u is not None and u.is_("docker/build-push-action", "docker/bake-action", "redhat-actions/buildah-build"):
        return True
    for cmd in step.commands("docker", "buildah", "podman"):
        if command_matches(cmd, ("docker", "build")) or command_matches(cmd, ("docker", "buildx", "build")):
            return True
        if cmd.command_name in ("buildah", "podman") and "build" in cmd.arg_values[:2]:
            return True
    return False
