import heapq
from collections.abc import Iterable, Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.compose import ComposeFile, Port, Service
from deploylint.registry import Kind, rule

ANY = (None, "0.0.0.0", "::", "")
#: host port ranges wider than this are compared with every earlier port rather than indexed
WIDE = 16


#: candidates looked at in one file (an earlier port on one of the numbers a port publishes):
#: the first clash of each port ends its search, so only ports that overlap without clashing
#: (other addresses, other profiles) add up; past this the rule says where it stopped
MAX_COMPARED = 2_000_000


def _in_order(wide: list[int], lists: list[list[int]]) -> Iterator[int]:
    """The indexes in ``wide`` and ``lists`` (each ascending) in ascending order, made as they are
    asked for (an index in several lists comes once per list, one after the other): the first
    clash is usually the first candidate, and gathering and sorting every candidate first made N
    ports on one number cost N²."""
    return heapq.merge(wide, *lists)


def _clash(a: Port, b: Port) -> bool:
    ra, rb = a.published_range(), b.published_range()
    if ra is None or rb is None or a.protocol != b.protocol:
        return False
    if a.host_ip != b.host_ip and a.host_ip not in ANY and b.host_ip not in ANY:
        return False
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def _together(a: Service, b: Service) -> bool:
    pa, pb = {p.value for p in a.profiles}, {p.value for p in b.profiles}
    return not pa or not pb or bool(pa & pb)


@rule(
    id="CMP027",
    name="duplicate-published-port",
    title="Host port is published twice",
    kind=Kind.COMPOSE,
    severity=Severity.ERROR,
    tags=("correctness", "network"),
    aliases=("no-duplicate-exported-ports",),
)
def duplicate_published_port(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    Only one container can listen on a host port (per interface and protocol): the second one
    fails with "port is already allocated". Ranges count by overlap; `127.0.0.1:8080` clashes
    with `8080` (all interfaces) but not with `127.0.0.2:8080`, and `/udp` does not clash with
    `/tcp`. Services in disjoint `profiles:` never run together and are not compared. A file whose
    ports overlap without clashing so often that more than 2,000,000 candidates would be looked at
    (thousands of services on separate addresses or profiles) gets one warning where the rule stopped.

    ## Example
        services:
          web:
            image: nginx:1.27
            ports:
              - "8080:80"
          admin:
            image: example/admin:2.3.0
            ports:
              - "8080:8000"

    ## Use instead
        services:
          web:
            image: nginx:1.27
            ports:
              - "8080:80"
          admin:
            image: example/admin:2.3.0
            ports:
              - "8081:8000"

    ## Differences from dclint
    dclint treats a bare container port (`- "8080"`) as host port 8080; Compose publishes it on
    a random host port, so it never clashes here.
    """
    earlier: list[tuple[Service, Port]] = []
    # the earlier ports by host port number (ranges wider than WIDE apart), so that each port
    # is compared with the few that can overlap it, not with every earlier one
    by_number: dict[int, list[int]] = {}
    wide: list[int] = []
    compared = 0
    for svc in model:
        for port in svc.ports:
            if port.interpolated:
                continue
            span = port.published_range()
            if span is None:
                continue  # an ephemeral or unresolved port clashes with nothing
            if span[1] - span[0] > WIDE:
                maybe: Iterable[int] = range(len(earlier))
            else:
                maybe = _in_order(wide, [by_number[n] for n in range(span[0], span[1] + 1) if n in by_number])
            other = None
            last = -1
            for i in maybe:
                compared += 1
                if compared > MAX_COMPARED:
                    yield ctx.finding(
                        port,
                        f"host ports from here on are not compared: more than {MAX_COMPARED:,} candidates (earlier"
                        f" ports on the same numbers) looked at, {len(earlier):,} ports so far",
                        severity=Severity.WARNING,
                    )
                    return
                if i == last:
                    continue
                last = i
                if _together(earlier[i][0], svc) and _clash(earlier[i][1], port):
                    other = earlier[i]
                    break
            if other is not None:
                msg = f"host port {port.published} of service {svc.name.value!r} is also published by {other[0].name.value!r}"
                rel = (ctx.location(other[1]),)
                yield ctx.finding(port, msg, related=rel)
            if span[1] - span[0] > WIDE:
                wide.append(len(earlier))
            else:
                for n in range(span[0], span[1] + 1):
                    by_number.setdefault(n, []).append(len(earlier))
            earlier.append((svc, port))
