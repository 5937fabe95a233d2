from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.base import Located
from deploylint.models.compose import ComposeFile, Service, has_interpolation, socket_need
from deploylint.registry import Kind, rule

SOCKETS = frozenset(
    f"{run}/{sock}"
    for run in ("/var/run", "/run")
    for sock in ("docker.sock", "podman/podman.sock", "containerd/containerd.sock", "crio/crio.sock", "docker")
)
ESCAPE_CAPS = frozenset({"ALL", "SYS_ADMIN", "SYS_MODULE", "SYS_RAWIO"})
UNCONFINED = frozenset({"seccomp:unconfined", "apparmor:unconfined", "label:disable", "systempaths:unconfined"})


def _problems(svc: Service) -> Iterator[tuple[Located[str] | Located[bool], str, Severity | None]]:
    """(where, what, severity: None for the rule's) of each way ``svc`` can reach the host."""
    if svc.privileged is not None and svc.privileged.value:
        yield svc.privileged, "runs privileged", None
    need = None
    if svc.image is not None and not has_interpolation(svc.image.path):
        need = socket_need(svc.image.path)
    for m in svc.volumes:
        if m.host_path in SOCKETS:
            what = f"mounts the container runtime socket {m.host_path}"
            if need == "proxy":
                what += "; keep this socket proxy on an internal network and allow only the API parts its clients use"
            elif need == "needs":
                what += f"; {svc.image_name} needs it, so give it a socket proxy that allows only the API parts it uses"
            yield Located(m.source or "", m.span), what, Severity.INFO if need else None
    for key in ("network_mode", "pid", "ipc", "uts", "userns_mode"):
        v = svc.scalar(key)
        if v is not None and v.value == "host":
            yield v, f"shares the host's {key.replace('_mode', '')} namespace", None
    for cap in svc.cap_add:
        if cap.value.upper().removeprefix("CAP_") in ESCAPE_CAPS:
            yield cap, f"adds capability {cap.value}", None
    for opt in svc.security_opt:
        if opt.value.replace("=", ":", 1).lower() in UNCONFINED:
            yield opt, f"turns off a kernel protection ({opt.value})", None


@rule(
    id="CMP013",
    name="host-escape",
    title="Service can take over the host",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("security", "isolation"),
    aliases=("CL-0001", "CL-0002", "CL-0008", "CL-0009", "CL-0010", "CL-0024"),
    security_severity=9.0,
)
def host_escape(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Each of these hands the container the keys to the host: `privileged: true`; a mounted Docker
    (or Podman, containerd, CRI-O) socket, even read-only, which lets it start a privileged
    container; the host's network, PID, IPC, UTS or user namespace (`network_mode: host`,
    `pid: host`...); the capabilities `ALL`, `SYS_ADMIN`, `SYS_MODULE` or `SYS_RAWIO`; or a
    disabled seccomp, AppArmor or SELinux profile (`seccomp:unconfined`, `apparmor:unconfined`,
    `label:disable`). Code execution in such a container is code execution on the host. Reported
    wherever the file is not a development one: a development, test or CI stack (`devenv/`,
    `docker-compose.ci-test.yml`, an override file) shares the host on purpose and gets none of it.

    A runtime socket mounted into an image that needs it to work (Traefik, Portainer, Watchtower,
    nginx-proxy and docker-gen, cAdvisor, Dozzle, autoheal, CI runners, function executors, the
    `docker` CLI image; a dated table in the Compose model) is `info`, with the advice to put a
    socket proxy in front of it that allows only the API parts it uses; the socket proxy itself
    (`tecnativa/docker-socket-proxy`...) is told to stay on an internal network. Suppress with a
    reason where another tool really needs the host.

    ## Example
        services:
          agent:
            image: example/agent:3.1.0
            privileged: true
            volumes:
              - /var/run/docker.sock:/var/run/docker.sock

    ## Use instead
        services:
          agent:
            image: example/agent:3.1.0
            cap_add:
              - NET_BIND_SERVICE

    ## Differences from compose-lint
    One rule covers CL-0001, CL-0002, CL-0008, CL-0009, CL-0010 and CL-0024 (each problem is its
    own finding at its own line), so selecting or suppressing any of those ids acts on all of
    them. `uts: host` is included with the other namespaces.
    """
    for svc in model:
        for at, what, severity in _problems(svc):
            if model.outside_development(at):
                yield ctx.finding(at, f"service {svc.name.value!r} {what}", severity=severity)
