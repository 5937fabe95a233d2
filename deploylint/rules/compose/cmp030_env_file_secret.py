from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.models.secrets import token_format
from deploylint.registry import Kind, rule
from deploylint.rules.compose.cmp008_literal_secret import literal_secret_value


@rule(
    id="CMP030",
    name="env-file-literal-secret",
    title="A file that `env_file:` loads holds a literal secret",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "secrets"),
    security_severity=7.0,
    needs_project=True,
)
def env_file_secret(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `env_file: app.env` hands every line of that file to the container. When the file is part of
    the repository, a `SECRET_KEY=...` or a database password in it is published with every
    clone, just as if it were written in the Compose file. Keep the real values out of version
    control (a `.gitignore`d file, or Compose `secrets:`) and commit a template instead.

    The files are read as Compose reads them (relative to the file that names them, never outside
    the scanned root), with the same vocabulary as CMP008: a secret-like name with a real-looking
    literal, or a token in a known format (an error). Placeholders (`changeme`, `example`, empty,
    `${VAR}`) are not secrets, templates (`.env.example`, `.env.sample`, `*.template`) are never
    judged, and neither is a file a `.gitignore` ignores (it is the operator's, not committed).
    Development files are not judged, except for known token formats. The finding is at the line
    of the env file, with the service's `env_file` entry as a related location; the value is
    never shown.

    ## Example
        (no example inline: it needs two files) a committed `api.env` holding
        `SECRET_KEY=9f8e7d6c5b4a39281706`, loaded by `env_file: ./api.env`; see
        `rules/CMP030/fail_committed_env_file/`

    ## Use instead
        `SECRET_KEY=${SECRET_KEY}` in the committed file, or the file listed in `.gitignore`
        and a committed `api.env.example` with placeholders

    ## Differences from compose-lint
    compose-lint reads env files too; here a gitignored file (the operator's own) is not judged.
    """
    seen: set[tuple[str, int]] = set()
    ignored = ctx.project.gitignored if ctx.project is not None else None
    for svc in model:
        for ef in svc.env_file_contents:
            if ef.source is None or ef.path is None or ef.template:
                continue
            if ignored is not None and ignored(ef.path):
                continue
            related = (ctx.location(ef.ref, note=f"loaded by service {svc.name.value!r}"),)
            for e in ef.entries:
                key = (str(ef.path), e.name_span.start_offset)
                if key in seen or e.value.startswith("$"):
                    continue
                if token_format(e.value) is not None:
                    seen.add(key)
                    msg = f"{e.name} in {ef.path.name} holds a token in a known format (value masked)"
                    yield ctx.finding(e.value_span, msg, related=related, severity=Severity.ERROR)
                elif model.outside_development(ef.ref) and literal_secret_value(e.name, e.value):
                    seen.add(key)
                    msg = f"{e.name} in {ef.path.name} is set to a literal secret (value masked)"
                    yield ctx.finding(e.value_span, msg, related=related)
