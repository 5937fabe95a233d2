import re
from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile
from deploylint.registry import Kind, rule

#: host devices that give raw access to memory, I/O ports or disks
DANGEROUS = re.compile(
    r"^/dev/(?:mem|kmem|port|(?:sd|hd|vd|xvd)[a-z]+\d*|nvme\d+(?:n\d+(?:p\d+)?)?|dm-\d+|mapper/.+|loop\d+|disk/.+|md\d+)$"
)


@rule(
    id="CMP022",
    name="dangerous-host-device",
    title="Service gets raw access to host memory or disks",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("security", "isolation"),
    aliases=("CL-0016",),
    security_severity=8.5,
)
def dangerous_device(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `devices: [/dev/mem]` reads and writes the host's physical memory; a block device
    (`/dev/sda`, `/dev/nvme0n1`, `/dev/mapper/...`) lets the container read or rewrite the host's
    disks underneath every file permission. Device nodes meant for containers (`/dev/fuse`,
    `/dev/net/tun`, `/dev/dri`, serial ports) are not reported.

    ## Example
        services:
          tool:
            image: example/tool:1.0.0
            devices:
              - /dev/sda:/dev/sda

    ## Use instead
        services:
          tool:
            image: example/tool:1.0.0
            devices:
              - /dev/net/tun:/dev/net/tun
    """
    for svc in model:
        for dev in svc.devices:
            host = dev.value.split(":", 1)[0]
            if DANGEROUS.match(host):
                yield ctx.finding(dev, f"service {svc.name.value!r} gets host device {host}")
