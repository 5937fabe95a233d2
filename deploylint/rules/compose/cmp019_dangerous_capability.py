from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

#: capability -> what it grants (ALL, SYS_ADMIN, SYS_MODULE, SYS_RAWIO are CMP013's; Docker's
#: default set, DAC_OVERRIDE included, is not listed: adding one back after `cap_drop: [ALL]`
#: grants nothing beyond the default)
DANGEROUS = {
    "NET_ADMIN": "reconfigures networking and can sniff or redirect traffic",
    "DAC_READ_SEARCH": "reads any file, including host files through open_by_handle_at",
    "BPF": "loads BPF programs into the kernel",
    "SYS_PTRACE": "traces other processes and reads their memory",
    "SYS_TIME": "sets the host's clock",
    "SYS_BOOT": "reboots the host",
    "SYS_RESOURCE": "overrides kernel resource limits",
    "PERFMON": "reads kernel performance data",
    "SYSLOG": "reads kernel logs and addresses",
    "MAC_ADMIN": "reconfigures AppArmor or SELinux",
    "MAC_OVERRIDE": "bypasses AppArmor or SELinux",
    "LINUX_IMMUTABLE": "changes immutable file attributes",
    "AUDIT_CONTROL": "reconfigures kernel auditing",
    "WAKE_ALARM": "sets wake-up alarms on the host",
    "BLOCK_SUSPEND": "blocks host suspend",
}


@rule(
    id="CMP019",
    name="dangerous-capability",
    title="Service adds a dangerous Linux capability",
    kind=Kind.COMPOSE,
    severity=Severity.WARNING,
    tags=("security", "isolation"),
    aliases=("CL-0011", "CL-0027", "CL-0028", "CL-0029", "CL-0030"),
    security_severity=6.0,
)
def dangerous_capability(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Capabilities split root's power; some of them reach past the container: `NET_ADMIN` rewires
    networking, `SYS_PTRACE` reads other processes' memory, `SYS_TIME` moves the host's clock,
    `DAC_READ_SEARCH` reads host files through a file handle, `BPF` loads code into the kernel.
    Add one only when the workload needs it (a VPN needs `NET_ADMIN`) and suppress the finding
    with that reason. `ALL`, `SYS_ADMIN`, `SYS_MODULE` and `SYS_RAWIO` are host escapes (CMP013).

    ## Example
        services:
          app:
            image: example/app:1.0.0
            cap_add:
              - SYS_PTRACE

    ## Use instead
        services:
          app:
            image: example/app:1.0.0
            cap_drop:
              - ALL
            cap_add:
              - NET_BIND_SERVICE

    ## Differences from compose-lint
    compose-lint grades capabilities into five rules (CL-0011, CL-0027 to CL-0030); here they are
    one rule whose message names what the capability grants. `DAC_OVERRIDE` is part of Docker's
    default set, so adding it back is not reported.
    """
    for svc in model:
        for cap in svc.cap_add:
            grant = DANGEROUS.get(cap.value.upper().removeprefix("CAP_"))
            if grant is not None:
                msg = f"service {svc.name.value!r} adds {cap.value}, which {grant}"
                yield ctx.finding(cap, msg)
