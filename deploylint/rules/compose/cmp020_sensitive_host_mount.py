from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

ROOT_EQUIVALENT: tuple[str, ...] = ("/", "/etc", "/root", "/boot", "/usr", "/lib", "/bin", "/sbin", "/var/lib/docker")
ROOT_EQUIVALENT += ("/var/lib/kubelet", "/run/containerd", "/run/systemd", "/var/run", "/run", "/proc", "/sys", "/dev")
HOMES = ("/home", "~")
BENIGN = frozenset({"/etc/localtime", "/etc/timezone", "/etc/hostname", "/etc/machine-id", "/dev/shm", "/dev/log"})
#: device nodes that hold no host data: pseudo-devices (a bind of /dev/null over a file masks it) and
#: the GPU and sound devices media servers are given; block devices (/dev/sda) still count as /dev
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/dri", "/dev/snd")
SOCKETS = ("docker.sock", "podman.sock", "containerd.sock", "crio.sock", "/docker")


def _home_secret(path: str) -> bool:
    """A whole home folder, or a dot-file/folder in one (``~/.ssh``, ``/home/me/.aws``)."""
    parts = path.removeprefix("/home").removeprefix("~").strip("/").split("/")
    if path.startswith("/home"):
        return len(parts) <= 1 or parts[1].startswith(".")
    return parts == [""] or parts[0].startswith(".")


def _under(path: str, roots: tuple[str, ...]) -> str | None:
    for r in roots:
        if path == r or (r != "/" and path.startswith(r + "/")):
            return r
    return None


@rule(
    id="CMP020",
    name="sensitive-host-mount",
    title="Sensitive host path is mounted into the container",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "isolation"),
    aliases=("CL-0013", "CL-0025"),
    security_severity=7.0,
)
def sensitive_host_mount(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    A bind mount of `/`, `/etc`, `/root`, `/proc`, `/sys`, `/dev`, `/var/lib/docker` or a
    runtime folder gives the container the host's secrets, and written to, the host itself
    (an edited `/etc/sudoers` or cron file is root on the host). A writable mount of these is an
    error; a read-only one a warning. Home folders (`~`, `/home/me`) and the dot-files in them
    (`~/.ssh`, `~/.aws`) are reported in files that are not development ones. Harmless single
    files (`/etc/localtime`, `/etc/timezone`) pass, and so do device nodes that hold no host data
    (`/dev/null` bound over a file to mask it, `/dev/urandom`, the GPU's `/dev/dri`); runtime
    sockets are CMP013's.

    ## Example
        services:
          app:
            image: example/app:1.0.0
            volumes:
              - /etc:/host-etc

    ## Use instead
        services:
          app:
            image: example/app:1.0.0
            volumes:
              - /etc/localtime:/etc/localtime:ro
              - app-config:/app/config
        volumes:
          app-config:

    ## Differences from compose-lint
    CL-0013 and CL-0025 are one rule; the severity tells a writable root-equivalent mount
    (CL-0025) from a read-only one.
    """
    for svc in model:
        for m in svc.volumes:
            path = m.host_path
            if path is None or m.interpolated or path in BENIGN or _under(path, DEVICES) or path.endswith(SOCKETS):
                continue
            root = _under(path, ROOT_EQUIVALENT) if path.startswith("/") else None
            if root is None and model.outside_development(m) and _home_secret(path):
                root = _under(path, HOMES)
            if root is None or (root in ("/var/run", "/run") and path != root):
                continue
            mode = "read-only" if m.read_only else "writable"
            msg = f"service {svc.name.value!r} mounts host path {path} ({mode})"
            sev = Severity.ERROR if not m.read_only and root not in HOMES else None
            yield ctx.finding(m, msg, severity=sev)
