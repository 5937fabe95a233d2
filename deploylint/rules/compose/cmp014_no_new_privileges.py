from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Applicability, Finding, Fix, Severity
from deploylint.models.compose import ComposeFile, Service
from deploylint.registry import Kind, rule
from deploylint.rules.compose._fixes import add_list_item
from deploylint.rules.compose._shared import per_definition

SET = frozenset({"no-new-privileges", "no-new-privileges:true", "no-new-privileges=true"})


@rule(
    id="CMP014",
    name="no-new-privileges-unset",
    title="Processes may gain privileges through setuid binaries",
    kind=Kind.COMPOSE,
    severity=Severity.INFO,
    tags=("hardening", "security"),
    aliases=("CL-0003",),
    security_severity=3.0,
    fixable=True,
)
def no_new_privileges(model: ComposeFile, ctx: Context) -> Iterator[Finding]:
    """## Why
    `security_opt: [no-new-privileges:true]` stops a process from gaining privileges through
    setuid or setcap binaries (`su`, `sudo`, `ping` in some images), which closes a common step
    from a compromised unprivileged process to root inside the container. Hardening advice:
    information (a warning under the `strict` preset), nothing in development files or fragments
    whose base is not found.

    ## Example
        services:
          api:
            image: example/api:1.4.2

    ## Use instead
        services:
          api:
            image: example/api:1.4.2
            security_opt:
              - no-new-privileges:true

    ## Fix safety
    Unsafe: `no-new-privileges:true` is added to the service's `security_opt:` list (flow or
    block style as written), or a `security_opt:` block list holding it is added after the
    service's last key (its dashes placed as the service's other lists place theirs). A process
    that relies on a setuid or setcap binary to gain privileges (an entrypoint that starts as a
    user and calls `sudo`, `su` or `gosu` from there, `ping` in some images) then fails. A service
    that inherits its definition, is merged from another file or is written in flow style is not
    fixed; an existing `no-new-privileges:false` is not changed (a choice written down).
    """
    flagged = []
    for svc in model:
        sev = model.missing(svc, ctx.rule.meta.severity)
        if sev is not None and not any(o.value.replace(" ", "").lower() in SET for o in svc.security_opt):
            flagged.append((svc, sev))
    yield from per_definition(model, ctx, flagged, lambda who: f"{who} does not set no-new-privileges", _add)


def _add(svc: Service) -> Fix | None:
    if any(o.value.replace(" ", "").lower().startswith("no-new-privileges") for o in svc.security_opt):
        return None  # `no-new-privileges:false`: set on purpose
    edit = add_list_item(svc, "security_opt", "no-new-privileges:true")
    return Fix("add no-new-privileges:true", (edit,), Applicability.UNSAFE) if edit is not None else None
