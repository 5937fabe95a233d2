from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.models.project import Project
from deploylint.registry import rule


@rule(
    id="PRJ003",
    name="env-file-exposed",
    title="A .env file with secrets is committed or copied into an image",
    kind=Kind.PROJECT,
    severity=Severity.ERROR,
    tags=("cross-file", "security", "secrets"),
    security_severity=8.0,
)
def env_file_exposed(project: Project, ctx: Context) -> Iterator[Finding]:
    """## Why
    A `.env` (or `*.env`, `.env.production`) holding passwords or tokens must stay out of git
    and out of images. When `.gitignore` does not ignore it, the next `git add .` publishes the
    secrets; when a Dockerfile runs `COPY . .` and the context's `.dockerignore` does not exclude
    it, every layer of the image carries them to every registry it is pushed to. Values are
    never printed.

    Only real secret values count: a secret-like name (`DB_PASSWORD`, `API_TOKEN`) with a literal
    value that is not a placeholder (`changeme`, `your-token-here`, `xxxx`, `<password>`, empty,
    `${VAR}`) nor a well-known default (`postgres`, `admin`, a value repeating its own name), or a
    credential in a known token format. Tracked defaults files (`.env.example`, `.env.sample`,
    `.env.template`, `.env.test`, `.env.ci`, `defaults.env`, and a `.env` that no .gitignore
    ignores while one ignores its local override such as `.env.local` or `.env.custom`) are
    meant to be committed: only credentials in a known token format (a GitHub or AWS key pasted
    in by mistake) count there.

    ## Example
        (a repository with `.env` holding `DB_PASSWORD=hunter2hunter2` and a .gitignore that
        does not list it)

    ## Use instead
        (`.env` in .gitignore and in .dockerignore; commit a `.env.example` with placeholders)
    """
    copying = []
    for _, df in project.of_kind(Kind.DOCKERFILE):
        for ins in df.instructions:
            if getattr(ins, "copies_context", False):
                copying.append((df, ins))
                break
    for ef in project.env_files:
        if not ef.secrets:
            continue
        first = ef.secrets[0]
        names = ", ".join(s.value for s in ef.secrets[:5])
        if not project.gitignored(ef.path):
            msg = f"{project.rel(ef.path)} holds secrets ({names}) and no .gitignore ignores it"
            yield ctx.finding(first.span, msg)
        for df, copy in copying:
            for context in project.contexts_of(df):
                if ef.path.parent != context:
                    continue
                ignore = project.dockerignore_for(df, context)
                if ignore is not None and (not ignore.readable or ignore.excludes(ef.path.name)):
                    continue
                related = (ctx.location(first.span, note="the secret"),)
                where = project.rel(context) or "."
                msg = (
                    f"COPY of the whole build context {where!r} puts {project.rel(ef.path)} ({names}) into the image;"
                    " exclude it in .dockerignore"
                )
                yield ctx.finding(copy.span, msg, related=related)
