"""``.env`` files: found at repository roots, beside scanned Dockerfiles and in build contexts,
read for the names of real secrets (values are never kept), and whether a .gitignore ignores a
file."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from deploylint.kinds import Kind
from deploylint.links.base import LinkerBase
from deploylint.models.base import Located
from deploylint.models.project import EnvFile
from deploylint.models.secrets import env_file_role
from deploylint.parsers import Refused
from deploylint.paths import resolve


class EnvFileLinks(LinkerBase):
    """The env files of the project and what .gitignore says of files."""

    @cached_property
    def env_files(self) -> list[EnvFile]:
        """``.env`` files at repository roots and in build contexts (values are never kept)."""
        folders: set[Path] = set()
        for art in self.artifacts:
            folders.add(self.repo_root(art.path))
            if art.kind is Kind.DOCKERFILE:
                folders.add(resolve(art.path).parent)
        for sb in self.service_builds:
            if isinstance(sb.context, Path):
                folders.add(sb.context)
        out = []
        for folder in sorted(folders):
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                continue
            for p in entries:
                role = env_file_role(p.name)
                if role is not None and p.is_file() and not p.is_symlink():
                    ef = self._env_file(p, defaults=role == "defaults" or self._tracked_defaults(p))
                    if ef is not None:
                        out.append(ef)
        return out

    def _tracked_defaults(self, path: Path) -> bool:
        """A plain ``.env`` that the repository commits on purpose as its defaults: no .gitignore
        ignores it, while one ignores the local override beside it (``.env.local``,
        ``.env.custom``...), where the operator's real values go."""
        if path.name != ".env" or self.gitignored(path):
            return False
        return any(self.gitignored(path.parent / name) for name in _ENV_OVERRIDES)

    def _env_file(self, path: Path, *, defaults: bool = False) -> EnvFile | None:
        """The secrets of an env file: names holding real secret values (not placeholders,
        ``${VAR}`` references or well-known defaults); in a defaults file (``.env.example``,
        ``.env.test``, ``defaults.env``) only credentials in a known token format count."""
        from deploylint.models.secrets import real_secret, token_format

        try:
            src = self.env.read(path)
        except (Refused, OSError):
            return None
        from deploylint.parsers.dotenv import entries

        secrets = []
        for e in entries(src):
            if not e.value or e.value.startswith("${"):
                continue
            found = token_format(e.value) if defaults else real_secret(e.name, e.value)
            if found is not None:
                secrets.append(Located(e.name, e.name_span))
        return EnvFile(resolve(path), src, tuple(secrets))

    def gitignored(self, path: Path) -> bool:
        """Whether a .gitignore between the repository root and the file ignores it."""
        from deploylint.gitignore import GitIgnore

        top = self.repo_root(path)
        p = resolve(path)
        folder = p.parent
        chain = [folder, *folder.parents]
        for f in chain:
            gi = f / ".gitignore"
            if gi.is_file():
                try:
                    text = self.env.read(gi).text
                except (Refused, OSError):
                    text = ""
                if GitIgnore.from_text(text).ignored_with_parents(p.relative_to(f).as_posix(), False):
                    return True
            if f == top or not self._within(f, self.root):
                break
        return False


#: local override files beside a tracked ``.env`` defaults file
_ENV_OVERRIDES = (".env.local", ".env.custom", ".env.override", ".env.private", ".env.secret", ".env.secrets")


__all__ = ["EnvFileLinks"]
