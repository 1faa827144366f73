"""Term highlighting: glossary terms in English segments, their renderings and problems in translations."""

from __future__ import annotations

from translate.diagnostics import Finding
from translate.glossary.forms import term_forms
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import Status, TermBase
from translate.glossary.tomlfile import load_project_termbase
from translate.glossary.violations import ViolationKind, check_translation
from translate.languages import Language
from translate.project import Project
from translate.report.view import Mark

# Violations that still use the approved rendering (wrong case, a provisional term): for consistency the
# term counts as rendered the approved way.
_STILL_RENDERED = (ViolationKind.capitalisation, ViolationKind.provisional)


class Highlighter:
    """Finds glossary terms in English segments and their renderings (or problems) in translations."""

    def source(self, text: str) -> list[Mark]:
        """Term spans in an English segment."""
        return []

    def target(self, language: Language, source: str, target: str) -> tuple[list[Mark], list[Finding]]:
        """Rendering spans and term problems in a translation."""
        return [], []

    def renderings(self, language: Language, source: str, target: str) -> list[tuple[str, str, bool]]:
        """Per source term: ``(term, how the translation renders it, whether that is approved)``; an
        empty rendering means the term is not rendered at all."""
        return []


class GlossaryHighlighter(Highlighter):
    """Highlights with the project's term base: terms in English, their approved forms in translations,
    and forbidden or near-miss renderings as problems."""

    def __init__(self, termbase: TermBase) -> None:
        self.termbase = termbase

    def source(self, text: str) -> list[Mark]:
        """Outermost term spans, titled with the renderings per language."""
        marks = []
        for match in find_source_terms(self.termbase, text):
            term = self.termbase.find(match.term_id)
            title = match.term_id
            if term is not None:
                rendered = "; ".join(
                    f"{r.language.value}: {r.text}"
                    + (" (provisional)" if r.status is Status.provisional else "")
                    for r in term.renderings
                    if r.usable
                )
                title = f"{term.en} → {rendered}" if rendered else f"{term.en} (no rendering yet)"
            marks.append(Mark(match.start, match.end, match.term_id, "term", title))
        return marks

    def target(self, language: Language, source: str, target: str) -> tuple[list[Mark], list[Finding]]:
        """Approved forms of the source's terms, and the term base's violations with their spans."""
        marks: list[Mark] = []
        for match in find_source_terms(self.termbase, source):
            for inner in match.walk():
                term = self.termbase.find(inner.term_id)
                forms = term_forms(term, language) if term is not None else None
                if forms is None:
                    continue
                for occurrence in forms.approved_occurrences(target):
                    title = f"{term.en if term else inner.term_id} → {forms.main.text}"
                    marks.append(Mark(occurrence.start, occurrence.end, inner.term_id, "term", title))
        findings: list[Finding] = []
        for violation in check_translation(self.termbase, language, source, target):
            findings.append(
                Finding(f"glossary {violation.kind.value}", violation.severity, violation.message)
            )
            if violation.found_start is not None and violation.found_end is not None:
                kind = "violation" if violation.kind is ViolationKind.capitalisation else violation.kind.value
                marks.append(
                    Mark(
                        violation.found_start, violation.found_end, violation.term_id, kind, violation.message
                    )
                )
        return marks, findings

    def renderings(self, language: Language, source: str, target: str) -> list[tuple[str, str, bool]]:
        """How each source term comes out in ``target``: its approved rendering, the wrong text used, or
        an empty string when it is not rendered at all."""
        violations = {
            (v.term_id, v.source_start): v for v in check_translation(self.termbase, language, source, target)
        }
        spans = [(v.source_start, v.source_end) for v in violations.values()]
        found: list[tuple[str, str, bool]] = []

        def visit(match: TermMatch) -> None:
            term = self.termbase.find(match.term_id)
            forms = term_forms(term, language) if term is not None else None
            violation = violations.get((match.term_id, match.start))
            if forms is None or (
                violation is None and any(match.start <= start and end <= match.end for start, end in spans)
            ):
                for inner in match.nested:
                    visit(inner)
                return
            label = term.en if term is not None else match.term_id
            if violation is None or violation.kind in _STILL_RENDERED:
                found.append((label, forms.main.text, True))
            elif violation.kind is ViolationKind.missing:
                found.append((label, "", False))
            else:
                found.append((label, f"{violation.found} ({violation.kind.value})", False))

        for match in find_source_terms(self.termbase, source):
            visit(match)
        return found


def project_highlighter(project: Project) -> Highlighter:
    """A glossary highlighter for the project's term base, or a plain one when it has none."""
    termbase = load_project_termbase(project.glossary_dir)
    return Highlighter() if termbase is None else GlossaryHighlighter(termbase)
