"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers (docs/sarif.md).

One run per invocation. ``tool.driver.rules`` describes every rule that has a result, rendered from
the rule itself (``deploylint.docs``). Each result has exactly one primary location with a
repository-relative URI and a full region, related locations for cross-file findings, and (unless
``--no-fingerprints``) the ``primaryLocationLineHash`` GitHub's upload action would compute.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

from deploylint import __version__
from deploylint.docs import code_block, help_uri, prose, sections
from deploylint.engine import Report
from deploylint.findings import Finding, Severity
from deploylint.kinds import Kind
from deploylint.reporters import ReportOptions
from deploylint.reporters._escape import json_document, json_text
from deploylint.reporters._escape import uri as escape_uri
from deploylint.reporters._locate import Locator, is_relative

if TYPE_CHECKING:
    from deploylint.registry import AnyRule
    from deploylint.reporters import _sarif_models as m
    from deploylint.source import Span

INFORMATION_URI = "https://github.com/deploylint/deploylint"
#: GitHub rejects a run with more results; it keeps the 5,000 most severe of them anyway
MAX_RESULTS = 25_000
#: GitHub shows 100 locations of a result (and rejects more than 1,000)
MAX_RELATED = 100
#: GitHub rejects more than 20 tags on a rule (and shows 10)
MAX_TAGS = 20
#: GitHub's limit for shortDescription/fullDescription text
MAX_DESCRIPTION = 1024
PRECISIONS = ("very-high", "high", "medium", "low")
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
#: used only if a security rule forgot its security_severity
FALLBACK_SECURITY_SEVERITY = {Severity.ERROR: 8.0, Severity.WARNING: 5.0, Severity.INFO: 2.0}
_FENCE = {
    Kind.DOCKERFILE: "dockerfile",
    Kind.NGINX: "nginx",
    Kind.COMPOSE: "yaml",
    Kind.WORKFLOW: "yaml",
    Kind.ACTION: "yaml",
    Kind.DEPENDABOT: "yaml",
}


def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = text.strip() or "(no description)"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def category_id(category: str) -> str:
    """``automationDetails.id``: GitHub reads the part before the last ``/`` as the category."""
    category = category.strip() or "deploylint/"
    return category if "/" in category else category + "/"


def rule_tags(rule: AnyRule) -> list[str]:
    tags = [*rule.meta.tags]
    if rule.meta.security_severity is not None and "security" not in tags:
        tags.insert(0, "security")
    tags += [k.value for k in rule.meta.kinds]
    out = list(dict.fromkeys(t for t in tags if t))
    if "security" in out:  # never lose it to the cap
        out.remove("security")
        out.insert(0, "security")
    return out[:MAX_TAGS]


def security_severity(rule: AnyRule) -> str | None:
    """A string holding 0.1-10.0 for security rules, else None."""
    meta = rule.meta
    if not meta.is_security and meta.security_severity is None:
        return None
    value = meta.security_severity
    if value is None:
        value = FALLBACK_SECURITY_SEVERITY[meta.severity]
    return f"{min(max(float(value), 0.1), 10.0):.1f}"


def help_texts(rule: AnyRule) -> tuple[str, str]:
    """(text, markdown) help: why it matters, an example, the fix, and a link to the docs page."""
    sec = sections(rule)
    fence = _FENCE.get(rule.meta.kind, "text")
    why = prose(sec.get("why", "")) or rule.meta.title
    text = [rule.meta.title, "", why]
    md = [f"**{rule.meta.title}**", "", why]
    for key, title in (("example", "Example"), ("use instead", "Use instead")):
        code = code_block(sec.get(key, ""))
        if not code:
            continue
        text += ["", f"{title}:", *("    " + ln if ln else "" for ln in code.rstrip("\n").splitlines())]
        md += ["", f"#### {title}", "", f"```{fence}", code.rstrip("\n"), "```"]
    extra = prose(sec.get("fix safety", ""))
    if extra:
        text += ["", "Fix safety: " + extra]
        md += ["", "#### Fix safety", "", extra]
    if rule.meta.aliases:
        names = ", ".join(rule.meta.aliases)
        text += ["", f"Also known as: {names}"]
        md += ["", "Also known as: " + ", ".join(f"`{a}`" for a in rule.meta.aliases)]
    uri = help_uri(rule)
    text += ["", f"Documentation: {uri}", f"Suppress: # deploylint: ignore[{rule.id}] <reason>"]
    md += ["", f"[Full documentation]({uri}) · suppress with `# deploylint: ignore[{rule.id}] <reason>`"]
    return "\n".join(text).strip() + "\n", "\n".join(md).strip() + "\n"


def descriptor(rule: AnyRule) -> m.ReportingDescriptor:
    from deploylint.reporters import _sarif_models as m

    meta = rule.meta
    text, markdown = help_texts(rule)
    props: dict[str, object] = {
        "tags": rule_tags(rule),
        "precision": meta.precision if meta.precision in PRECISIONS else "medium",
    }
    sec_sev = security_severity(rule)
    if sec_sev is not None:
        props["security-severity"] = sec_sev
    else:
        props["problem.severity"] = PROBLEM_SEVERITY[meta.severity]
    return m.ReportingDescriptor(
        id=meta.id,
        name=meta.name[:255],
        short_description=m.MultiformatMessageString(text=_clip(meta.title)),
        full_description=m.MultiformatMessageString(text=_clip(prose(sections(rule).get("why", "")) or meta.title)),
        help=m.MultiformatMessageString(text=text, markdown=markdown),
        help_uri=help_uri(rule),
        default_configuration=m.ReportingConfiguration(level=meta.severity.sarif_level),  # type: ignore[arg-type]
        properties=props,
    )


def _unknown_descriptor(f: Finding) -> m.ReportingDescriptor:
    """For a finding whose rule is not registered (a plugin that went away): still a valid rule."""
    from deploylint.reporters import _sarif_models as m

    text = f"{f.rule_id} ({f.rule_name})"
    return m.ReportingDescriptor(
        id=f.rule_id,
        name=f.rule_name[:255],
        short_description=m.MultiformatMessageString(text=text),
        full_description=m.MultiformatMessageString(text=text),
        help=m.MultiformatMessageString(text=text),
        default_configuration=m.ReportingConfiguration(level=f.severity.sarif_level),  # type: ignore[arg-type]
        properties={"tags": list(f.tags[:MAX_TAGS]), "precision": "medium"},
    )


def _escape_brackets(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def select_results(findings: list[Finding], limit: int) -> list[Finding]:
    """At most ``limit`` findings, keeping the most severe ones, in report order."""
    if len(findings) <= limit:
        return findings
    ranked = sorted(range(len(findings)), key=lambda i: -findings[i].severity.rank)[:limit]
    return [findings[i] for i in sorted(ranked)]


def build(report: Report, options: ReportOptions, *, warn: IO[str] | None = None) -> m.SarifLog:
    from deploylint.reporters import _sarif_models as m

    locator = Locator(report)
    findings = select_results(report.findings, MAX_RESULTS)
    notes: list[m.Notification] = []
    dropped = len(report.findings) - len(findings)
    if dropped:
        msg = (
            f"{len(report.findings)} findings exceed the SARIF limit of {MAX_RESULTS} results a run; "
            f"the {dropped} least severe were left out"
        )
        notes.append(m.Notification(level="warning", message=m.Message(text=msg)))
        if warn is not None:
            warn.write(f"deploylint: warning: {msg}\n")

    rules: list[m.ReportingDescriptor] = []
    index: dict[str, int] = {}
    for f in sorted(findings, key=lambda f: f.rule_id):
        if f.rule_id in index:
            continue
        r = report.registry.rules.get(f.rule_id)
        index[f.rule_id] = len(rules)
        rules.append(descriptor(r) if r is not None else _unknown_descriptor(f))

    artifacts: dict[str, m.ArtifactLocation] = {}

    def artifact(uri: str) -> m.ArtifactLocation:
        found = artifacts.get(uri)
        if found is None:
            if is_relative(uri):
                found = m.ArtifactLocation(uri=escape_uri(uri))
            else:
                found = m.ArtifactLocation(uri=Path(uri).as_uri(), uri_base_id=None)
            artifacts[uri] = found
        return found

    def location(path: str, span: Span, *, loc_id: int | None = None, note: str | None = None) -> m.Location:
        end_line = max(span.end_line, span.start_line)
        end_col = span.end_col if end_line > span.start_line else max(span.end_col, span.start_col + 1)
        return m.Location(
            id=loc_id,
            physical_location=m.PhysicalLocation(
                artifact_location=artifact(locator.uri(path)),
                region=m.Region(
                    start_line=max(span.start_line, 1),
                    start_column=max(span.start_col, 1),
                    end_line=max(end_line, 1),
                    end_column=max(end_col, 1),
                ),
            ),
            message=m.Message(text=json_text(note)) if note else None,
        )

    def fixes(f: Finding) -> list[m.Fix] | None:
        if f.fix is None or not f.fix.edits:
            return None
        edits = [
            m.Replacement(
                deleted_region=m.Region(
                    start_line=max(e.span.start_line, 1),
                    start_column=max(e.span.start_col, 1),
                    end_line=max(e.span.end_line, 1),
                    end_column=max(e.span.end_col, 1),
                ),
                inserted_content=m.ArtifactContent(text=json_text(e.text)) if e.text else None,
            )
            for e in f.fix.edits
        ]
        change = m.ArtifactChange(artifact_location=artifact(locator.uri(f.location.path)), replacements=edits)
        return [
            m.Fix(
                description=m.Message(text=json_text(f.fix.title)),
                artifact_changes=[change],
                properties={"applicability": f.fix.applicability.value},
            )
        ]

    results: list[m.Result] = []
    for f in findings:
        related = list(f.related[:MAX_RELATED])
        text = f.message
        if related:
            links = ", ".join(
                f"[{_escape_brackets(locator.uri(r.path))}:{r.span.start_line}]({i})" for i, r in enumerate(related, 1)
            )
            text = f"{_escape_brackets(f.message)} (see {links})"
        fingerprint = locator.line_hash(f) if options.fingerprints else None
        results.append(
            m.Result(
                rule_id=f.rule_id,
                rule_index=index[f.rule_id],
                level=f.severity.sarif_level,  # type: ignore[arg-type]
                message=m.Message(text=json_text(text)),
                locations=[location(f.location.path, f.location.span)],
                related_locations=[location(r.path, r.span, loc_id=i, note=r.note) for i, r in enumerate(related, 1)]
                or None,
                partial_fingerprints={"primaryLocationLineHash": fingerprint} if fingerprint else None,
                fixes=fixes(f),
            )
        )
    run = m.Run(
        tool=m.Tool(
            driver=m.ToolComponent(
                name="deploylint", semantic_version=__version__, information_uri=INFORMATION_URI, rules=rules
            )
        ),
        automation_details=m.RunAutomationDetails(id=category_id(options.category)),
        invocations=[
            m.Invocation(execution_successful=report.internal_errors == 0, tool_execution_notifications=notes or None)
        ],
        results=results,
    )
    return m.SarifLog(runs=[run])


def render(report: Report, stream: IO[str], options: ReportOptions) -> None:
    stream.write(json_document(build(report, options, warn=sys.stderr).to_json()))
    stream.write("\n")
