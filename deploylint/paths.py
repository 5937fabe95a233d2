"""Path resolution cached for one scan.

``Path.resolve()`` walks every component with ``lstat``; a scan resolves the same folders thousands
of times (confinement of each read, project links, repository roots). :func:`resolve` resolves a
folder once and then only checks whether the last component is a symlink. The engine clears the
cache when a scan starts, so a long-lived process (an editor integration) sees renamed folders.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

_folders: dict[Path, Path] = {}
_done: dict[Path, Path] = {}


def resolve(path: Path) -> Path:
    """``path.resolve()`` (non-strict), cached, with the parent folder's resolution shared."""
    out = _done.get(path)
    if out is not None:
        return out
    name = path.name
    if name in ("", ".", ".."):
        out = path.resolve()
    else:
        parent = path.parent
        folder = _folders.get(parent)
        if folder is None:
            folder = _folders[parent] = parent.resolve()
        out = folder / name
        # os.path.islink answers False for a name longer than the system allows, where
        # Path.is_symlink raises; such a path is then refused where it is read, with a finding
        if os.path.islink(out):  # noqa: PTH114
            out = out.resolve()
    _done[path] = out
    return out


def is_within(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or lies under it (compared as written: resolve both first
    when links must not count)."""
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def name_too_long(name: str) -> bool:
    """Whether no file system here could hold ``name``: a part over 255 bytes, or 4,096 in all
    (the limits Linux and macOS keep; the name need not exist). pathlib raises on such a name
    where a missing file would give False, so it is refused before it is looked at."""
    raw = os.fsencode(name)
    return len(raw) >= 4096 or any(len(part) > 255 for part in raw.split(b"/"))


def clear_cache() -> None:
    _folders.clear()
    _done.clear()


def rel_to_root(path: Path, root: Path) -> str:
    """``path`` relative to the scan root, with forward slashes (as given when it is outside)."""
    try:
        return resolve(path).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def shown_path(path: Path, cwd: Path) -> str:
    """``path`` as the output shows it: relative to ``cwd`` when possible, with forward slashes."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:
        return path.as_posix()
    return Path(rel).as_posix()


class NotReadable(OSError):
    """A path the scan must not read: not a regular file (a FIFO, a device, a socket, a folder),
    or a symlink where a file was expected (swapped in after discovery)."""


_KINDS = {
    "S_ISFIFO": "a named pipe (FIFO)",
    "S_ISCHR": "a character device",
    "S_ISBLK": "a block device",
    "S_ISSOCK": "a socket",
    "S_ISDIR": "a folder",
    "S_ISLNK": "a symlink",
}


def describe_mode(mode: int) -> str:
    import stat

    return next((what for test, what in _KINDS.items() if getattr(stat, test)(mode)), "not a regular file")


def _open_under(path: Path, root: Path | None, flags: int) -> int:
    """A descriptor for ``path`` opened with ``flags``. When ``path`` lies under the folder
    ``root`` (both resolved), the open walks down from ``root`` one folder at a time, each opened
    relative to the one before without following a symlink (``openat`` with ``O_NOFOLLOW``), so a
    folder on the path swapped for a link after the path was resolved is refused, not followed."""
    rel: tuple[str, ...] | None = None
    if root is not None and os.open in os.supports_dir_fd:
        try:
            rel = path.relative_to(root).parts
        except ValueError:
            rel = None
    if root is None or not rel:
        return os.open(path, flags)
    folder_flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(root, folder_flags)
    try:
        for part in rel[:-1]:
            try:
                nxt = os.open(part, folder_flags | getattr(os, "O_NOFOLLOW", 0), dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise NotReadable("a folder on its path became a symlink after it was found; not read") from None
                raise
            os.close(fd)
            fd = nxt
        return os.open(rel[-1], flags, dir_fd=fd)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int, *, root: Path | None = None) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (a caller that gets more than
    ``limit`` knows the file is too large, whatever ``stat`` said).

    The file is checked with ``lstat`` before it is opened, opened without following a symlink
    and without blocking (``O_NOFOLLOW | O_NONBLOCK``), and checked again on the descriptor, so a
    FIFO, a device or a symlink swapped in after the check is refused (NotReadable), never read.
    With ``root`` (the resolved scan root) a path under it is opened folder by folder from the
    root's descriptor (:func:`_open_under`), so no folder on the way can be swapped for a link
    either.
    """
    import stat

    st = os.lstat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotReadable(f"{describe_mode(st.st_mode)}, not a regular file; not read")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = _open_under(path, root, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # ELOOP: the last component became a symlink
            raise NotReadable("became a symlink after it was found; not read") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"{describe_mode(st.st_mode)}, not a regular file; not read")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


#: the most a side file the scan reads for itself (``.gitignore``, a config, the refs cache) may hold
SIDE_FILE_LIMIT = 5 * 2**20


def read_side_text(path: Path, limit: int = SIDE_FILE_LIMIT, *, errors: str = "strict") -> str:
    """The UTF-8 text of a file the scan reads for itself rather than checks (``.gitignore``, a
    config file, the refs cache), read as :func:`read_regular` reads: a FIFO, a device or a
    symlink swapped in is refused (NotReadable) without blocking, and a file above ``limit``
    bytes is refused too (NotReadable), so such a file can neither hang a scan nor fill memory."""
    data = read_regular(path, limit)
    if len(data) > limit:
        raise NotReadable(f"larger than {limit:,} bytes; not read")
    return data.decode("utf-8", errors=errors)


def replace_atomically(
    path: Path, data: bytes, mode: int, *, prefix: str, suffix: str = "", fsync: bool = False
) -> None:
    """Put ``data`` at ``path`` in one step: a temporary file in the same folder (``prefix``,
    ``suffix``), given ``mode``, then renamed over ``path``; the temporary file is removed when
    anything fails. Readers see the old content or the new one, never a part. Every file the tool
    writes (fixed files, the results cache, the refs cache) goes through here."""
    import contextlib
    import tempfile

    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_report_file(path: Path, data: bytes, root: Path) -> None:
    """Write a report or a baseline the user named on the command line.

    Inside the scanned ``root`` the file is always replaced (:func:`replace_atomically`): a
    repository that holds ``results.sarif`` as a link to ``~/.bashrc``, or as a FIFO, gets the
    report in a new file and what it held is left alone. Outside the root a regular file (or a
    new one) is replaced the same way, and a link or a special file the user named
    (``-o /dev/stdout``, ``/dev/full``) is written as given, never replaced. ``OSError`` is the
    caller's to report."""
    import stat

    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    inside = is_within(resolve(path.parent.absolute()), resolve(root))
    if st is None or stat.S_ISREG(st.st_mode) or inside:
        mode = stat.S_IMODE(st.st_mode) if st is not None and stat.S_ISREG(st.st_mode) else 0o644
        replace_atomically(path, data, mode, prefix=f".{path.name}.", suffix=".tmp")
        return
    with path.open("wb") as fh:
        fh.write(data)
