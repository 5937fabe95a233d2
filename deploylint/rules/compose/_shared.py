"""One finding per shared definition, for advice about what services do not set."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Fix, Severity
from deploylint.models.base import Located
from deploylint.models.compose import ComposeFile, Service


def per_definition(
    model: ComposeFile,
    ctx: Context,
    flagged: Iterable[tuple[Service, Severity]],
    message: Callable[[str], str],
    fix: Callable[[Service], Fix | None] | None = None,
) -> Iterator[Finding]:
    """Findings for services that lack something: ``message(subject)``, ``subject`` being
    ``service 'web'``.

    Services that inherit one definition (an anchored mapping merged with ``<<``, or a same-file
    ``extends`` base or anchored service) and lack it get one finding at that definition, each
    inheriting service a related location: the fix belongs there. A lone one is reported at itself,
    with ``fix(service)`` when given (a shared definition gets no fix).
    """
    heads = {(str(o.file.path), o.span.start_offset) for o in model.origins.values()}
    groups: dict[tuple[str, int], tuple[Located[str] | None, list[tuple[Service, Severity]]]] = {}
    for svc, sev in flagged:
        origin = model.origin(svc)
        if origin is None and (str(svc.name.file.path), svc.name.span.start_offset) in heads:
            origin = svc.name
        key = (str(origin.file.path), origin.span.start_offset) if origin is not None else ("", id(svc))
        groups.setdefault(key, (origin, []))[1].append((svc, sev))
    for origin, members in groups.values():
        if origin is None or len(members) == 1:
            for svc, sev in members:
                yield ctx.finding(
                    svc.name,
                    message(f"service {svc.name.value!r}"),
                    severity=sev,
                    fix=fix(svc) if fix is not None else None,
                )
            continue
        is_service = any(_same(s.name, origin) for s, _ in members)
        others = [s for s, _ in members if not _same(s.name, origin)]
        names = ", ".join(repr(s.name.value) for s in others)
        if is_service:
            subject = f"service {origin.value!r} (and {names}, inheriting it)"
        else:
            subject = f"{origin.value!r} (shared by services {names})"
        related = tuple(ctx.location(s.name, note=f"service {s.name.value!r} inherits it") for s in others)
        severity = max((sev for _, sev in members), key=lambda x: x.rank)
        yield ctx.finding(origin, message(subject), severity=severity, related=related)


def _same(a: Located[str], b: Located[str]) -> bool:
    return a.span.start_offset == b.span.start_offset and str(a.file.path) == str(b.file.path)
