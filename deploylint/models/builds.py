"""Build steps: whether a shell command compiles or bundles the application (``npm run build``,
``go build``, ``mvn package``...), for the rules that ask where the build happens (DKR006, DKR011)."""

from __future__ import annotations

from deploylint.shell import Command

__all__ = ["build_step"]

#: the package-manager scripts that build (``npm run build``, ``yarn dist``)
_NODE_MANAGERS = ("npm", "yarn", "pnpm")


def _sub(cmd: Command) -> str | None:
    sub = cmd.subcommand
    return sub.value if sub is not None else None


_BUILD_SCRIPTS = frozenset({"build", "compile", "bundle", "dist"})


def build_step(cmd: Command) -> str | None:
    """A short label when ``cmd`` compiles or bundles the application, else None."""
    name = cmd.command_name
    sub = _sub(cmd)
    pos = [w.value for w in cmd.positionals()]
    if name in _NODE_MANAGERS:
        script = pos[1] if sub == "run" and len(pos) > 1 else sub
        if script in _BUILD_SCRIPTS and (sub == "run" or name != "npm"):
            return f"{name} {'run ' if sub == 'run' else ''}{script}"
        return None
    if name in ("tsc", "webpack", "vite", "esbuild"):
        return name if name != "vite" or sub == "build" else None
    if name == "go" and sub == "build":
        return "go build"
    if name in ("mvn", "mvnw") and any(p in ("package", "install", "verify") for p in pos):
        return f"{name} package"
    if name in ("gradle", "gradlew") and any(
        p in ("build", "assemble", "bootJar", "shadowJar", "installDist") for p in pos
    ):
        return f"{name} build"
    if name == "cargo" and sub in ("build", "install"):
        return f"cargo {sub}"
    if name == "dotnet" and sub in ("build", "publish"):
        return f"dotnet {sub}"
    return None
