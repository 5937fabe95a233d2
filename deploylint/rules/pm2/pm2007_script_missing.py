import posixpath
from collections.abc import Iterator
from pathlib import Path

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.pm2 import Pm2File, scalar
from deploylint.registry import Kind, rule

#: folders a build writes: a script there is not in the repository before the build
_BUILD_DIRS = frozenset({"dist", "build", "out", ".next", ".output", ".nuxt", "lib", "bin", "node_modules"})
_SCRIPT_EXT = (".js", ".cjs", ".mjs", ".ts", ".py", ".sh", ".rb")


@rule(
    id="PM2007",
    name="pm2-script-missing",
    title="App script does not exist",
    kind=Kind.PM2,
    severity=Severity.WARNING,
    tags=("cross-file", "breakage"),
    needs_project=True,
)
def script_missing(pm2: Pm2File, ctx: Context) -> Iterator[Finding]:
    """## Why
    `pm2 start ecosystem.config.js` starts every app whose `script` it finds and marks the others
    errored: after a rename the old name keeps failing on every server. The path is resolved
    against the app's `cwd` (when it is a literal) or the ecosystem file's folder. Commands found
    on the PATH (`npm`, `next`), absolute paths, paths in build output folders (`dist/`, `build/`)
    or ignored by git, and values that are not literals are not judged.

    ## Example
        module.exports = {
          apps: [{ name: "api", script: "./src/no-such-server.js" }],
        };

    ## Use instead
        (the path of a file in the repository: `script: "./src/server.js"` with src/server.js
        present, or a build output such as `dist/server.js`)
    """
    base = pm2.source.path.parent
    for app in pm2.apps:
        s = app.script
        cwd = app.get("cwd")
        cwd_s = scalar(cwd)
        if s is None or s.value.startswith("/") or not s.value.endswith(_SCRIPT_EXT) or "$" in s.value:
            continue
        if cwd is not None and (cwd_s is None or cwd_s.value.startswith(("/", "~")) or "$" in cwd_s.value):
            continue
        rel = posixpath.normpath(posixpath.join(cwd_s.value if cwd_s is not None else ".", s.value))
        if rel.startswith("..") or _BUILD_DIRS & set(rel.split("/")[:-1]):
            continue
        path = Path(base, rel)
        project = ctx.project
        if project is None or project.env.exists(path) or project.gitignored(path):
            continue
        yield ctx.finding(s, f"script {s.value!r} of app {app.name!r} does not exist")
