"""Glossary-aware decoding: the model's n-best lists weighed by the term base, before post-edit enforcement.

Post-edit enforcement (``translate.glossary.enforce``) can only repair a rendering the term base lists.
Here the decoder itself is steered, for each segment that has terms (the others take the plain path):

1. the model returns its ``n`` best hypotheses with every form of every forbidden rendering suppressed,
   and the one with the most terms in an approved form wins (the model's score breaks ties);
2. where a term is still wrong, what was wrong is banned and the segment decoded again: a rendering
   the checker found, or, for a term with no rendering at all, the model's own rendering of the English
   term found in the output (a rendering no term base lists);
3. where a term is still missing, the approved rendering is forced: the output up to where the term
   belongs plus the rendering is the target prefix, and decoding goes on freely after it.

Only a segment whose terms post-edit cannot make right in the model's own output is decoded again
(an unlisted rendering, a term left out, a forbidden form too garbled to replace), and a later step is
kept only when it approves more terms, after post-edit, than what came before: a rendering forced on a
sentence the model cannot go on from is worse than a listed one replaced. Every step is written in
the entry's ``#.`` notes, and each request (n, suppressed texts, prefix) is part of the MT cache key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from translate.catalog.notes import NoteKind
from translate.diagnostics import Severity
from translate.engine.translator import DecodeRequest, DecodingTranslator, Hypothesis, Translation, Translator
from translate.glossary.enforce import enforce
from translate.glossary.forms import expected_case, forms_of
from translate.glossary.matching import TermMatch, find_source_terms
from translate.glossary.termbase import TermBase
from translate.glossary.violations import Key, TermViolation, ViolationKind, check_translation, key_of, quote
from translate.languages import Language

MAX_FORCED = 3
"""Forced-prefix rounds per segment at most (one term each): a sentence rarely misses more terms."""

_NOTE = NoteKind.glossary.prefix
_KEPT = f"{_NOTE}term-aware decoding approved no more terms than post-edit alone; kept the model's own output"
_WORD = re.compile(r"\w[\w'’-]*")
# Kinds of finding whose words in the output are the wrong rendering (a capital is left to post-edit).
_WRONG_RENDERINGS = (ViolationKind.forbidden, ViolationKind.unapproved_variant)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A hypothesis rated against the term base: how many of the segment's terms it renders right."""

    hypothesis: Hypothesis
    rank: int
    of: int
    compliant: int
    violations: tuple[TermViolation, ...]

    @property
    def order(self) -> tuple[int, float]:
        """Sort key: compliant terms first, the model's score breaking ties."""
        return (self.compliant, self.hypothesis.score)


def _capital_variants(text: str) -> tuple[str, ...]:
    """``text`` as written, with a capital first letter (a sentence start) and with a small one."""
    return tuple(dict.fromkeys((text, text[:1].upper() + text[1:], text[:1].lower() + text[1:])))


def _case_words(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(slots=True)
class _Segment:
    """The working state of one segment with terms."""

    source: str
    matches: tuple[TermMatch, ...]
    suppress: tuple[str, ...]
    approved: tuple[str, ...]
    forbidden: tuple[str, ...]
    best: Candidate | None = None
    banned: list[str] = field(default_factory=list)
    tried: set[Key] = field(default_factory=set)
    lone: dict[str, str] = field(default_factory=dict)  # the model's rendering of an English term alone
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.matches)

    def requests(self, count: int, prefix: str = "") -> DecodeRequest:
        return DecodeRequest(self.source, count, tuple(sorted({*self.suppress, *self.banned})), prefix)

    def wrong(self, candidate: Candidate) -> list[tuple[TermMatch, list[TermViolation]]]:
        """The segment's terms ``candidate`` does not render right, with their findings."""
        found = []
        for match in self.matches:
            inside = [
                v for v in candidate.violations if match.start <= v.source_start and v.source_end <= match.end
            ]
            if inside:
                found.append((match, inside))
        return found

    def allowed_ban(self, text: str) -> bool:
        """True unless banning ``text`` would also ban an approved rendering (or is no word at all)."""
        folded = _case_words(text)
        return bool(_WORD.search(text)) and not any(folded in approved for approved in self.approved)


def _rate(
    termbase: TermBase, language: Language, segment: _Segment, hypotheses: Sequence[Hypothesis]
) -> list[Candidate]:
    rated = []
    for rank, hypothesis in enumerate(hypotheses, start=1):
        violations = tuple(
            v
            for v in check_translation(termbase, language, segment.source, hypothesis.text)
            if v.severity is Severity.serious
        )
        compliant = sum(
            not any(match.start <= v.source_start and v.source_end <= match.end for v in violations)
            for match in segment.matches
        )
        rated.append(Candidate(hypothesis, rank, len(hypotheses), compliant, violations))
    return rated


def choose(candidates: Iterable[Candidate]) -> Candidate | None:
    """The most compliant candidate, the model's score breaking ties (the earlier rank on equal scores)."""
    return max(candidates, key=lambda candidate: candidate.order, default=None)


def plan(termbase: TermBase, language: Language, source: str) -> _Segment | None:
    """The terms of ``source`` with a rendering in ``language`` and what to suppress; None without any."""
    if not source.strip():
        return None
    matches: list[TermMatch] = []
    approved: set[str] = set()
    forbidden: list[str] = []
    suppress: set[str] = set()
    for match in find_source_terms(termbase, source):
        rendered = False
        for inner in match.walk():
            forms = forms_of(termbase, inner.term_id, language)
            if forms is None:
                continue
            rendered = True
            approved.update(_case_words(form.text) for paradigm in forms.approved for form in paradigm)
            for paradigm in forms.forbidden:
                forbidden.append(paradigm.text)
                suppress.update(text for form in paradigm for text in _capital_variants(form.text))
        if rendered:
            matches.append(match)
    if not matches:
        return None
    segment = _Segment(source, tuple(matches), (), tuple(sorted(approved)), tuple(dict.fromkeys(forbidden)))
    # A forbidden text inside an approved one («Халк Маслахат» in «Халк Маслахаты») is not suppressed:
    # it would ban the approved rendering too. Post-edit still replaces it.
    segment.suppress = tuple(sorted(text for text in suppress if segment.allowed_ban(text)))
    return segment


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _same_word(one: str, other: str) -> bool:
    """True when two words share a stem (all but an inflection ending of up to three letters)."""
    a, b = one.casefold(), other.casefold()
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(3, min(len(a), len(b)) - 3) if min(len(a), len(b)) >= 3 else a == b


def locate(rendering: str, target: str) -> tuple[int, int] | None:
    """Where the words of ``rendering`` stand in ``target``, in any inflection (the first place)."""
    wanted = [match.group() for match in _words(rendering)]
    words = _words(target)
    if not wanted:
        return None
    for i in range(len(words) - len(wanted) + 1):
        if all(_same_word(words[i + k].group(), word) for k, word in enumerate(wanted)):
            return words[i].start(), words[i + len(wanted) - 1].end()
    return None


def _estimate(source: str, match: TermMatch, target: str) -> int:
    """Where a term with no rendering in ``target`` belongs, by its word's share of the source."""
    before = len(_words(source[: match.start]))
    total = max(1, len(_words(source)))
    words = _words(target)
    index = len(words) * before // total
    return words[index].start() if index < len(words) else len(target.rstrip(".!?… "))


class TermAwareTranslator:
    """A ``Translator`` that decodes segments with terms glossary-aware; the others take the plain path.

    It wraps the cached engine (``CachedTranslator``), under the post-edit ``GlossaryTranslator``, so
    the cache keeps model output keyed on exactly what was asked of the model.
    """

    def __init__(self, inner: DecodingTranslator, termbase: TermBase, nbest: int) -> None:
        self.inner = inner
        self.termbase = termbase
        self.nbest = nbest

    @property
    def language(self) -> Language:
        """The target language (the inner translator's)."""
        return self.inner.language

    @property
    def name(self) -> str:
        """Provenance: the model's name (the decoding steps are written in notes)."""
        return self.inner.name

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """Translate ``segments`` in one plain batch, then decode again, term-aware, each segment whose
        terms post-edit cannot make right; the term-aware output is kept where it approves more terms."""
        results = self.inner.translate_batch(segments)
        hard: list[tuple[int, _Segment]] = []
        for i, (segment, result) in enumerate(zip(segments, results, strict=True)):
            work = plan(self.termbase, self.language, segment) if result.text else None
            if work is not None and self._after_post_edit(work, result.text) < work.total:
                hard.append((i, work))
        if hard:
            self._decode([work for _, work in hard])
            for i, work in hard:
                plain = results[i]
                if work.best is None or work.best.hypothesis.text == plain.text:
                    continue
                ours, theirs = (
                    self._after_post_edit(work, text) for text in (work.best.hypothesis.text, plain.text)
                )
                if ours > theirs:
                    results[i] = Translation(
                        work.best.hypothesis.text, self.name, (*plain.notes, *work.notes)
                    )
                else:
                    notes = (*plain.notes, *work.notes, _KEPT)
                    results[i] = Translation(plain.text, plain.origin, notes)
        return results

    def _run(self, works: Sequence[_Segment], requests: Sequence[DecodeRequest]) -> list[Candidate | None]:
        """Decode one request per segment and return each list's best candidate."""
        lists = self.inner.decode(list(requests))
        return [
            choose(_rate(self.termbase, self.language, work, hypotheses))
            for work, hypotheses in zip(works, lists, strict=True)
        ]

    def _decode(self, works: Sequence[_Segment]) -> None:
        for work, best in zip(works, self._run(works, [w.requests(self.nbest) for w in works]), strict=True):
            work.best = best
            if best is None:
                continue  # the model cannot take it: the plain path says why
            if work.suppress:
                banned = ", ".join(quote(text) for text in work.forbidden)
                work.notes.append(f"{_NOTE}decoded with {banned} banned (every form)")
            if best.rank != 1:
                work.notes.append(
                    f"{_NOTE}chose hypothesis {best.rank} of {best.of} "
                    f"({best.compliant} of {work.total} terms approved)"
                )
        self._redecode([work for work in works if self._short(work)])
        for _ in range(MAX_FORCED):
            self._force([work for work in works if self._short(work)])

    def _after_post_edit(self, work: _Segment, text: str) -> int:
        """How many of the segment's terms are approved once post-edit enforcement has run on ``text``."""
        outcome = enforce(self.termbase, self.language, work.source, text)
        errors = [v for v in outcome.violations if v.severity is Severity.serious]
        return sum(
            not any(match.start <= v.source_start and v.source_end <= match.end for v in errors)
            for match in work.matches
        )

    @staticmethod
    def _short(work: _Segment) -> bool:
        return work.best is not None and work.best.compliant < work.total

    def _redecode(self, works: Sequence[_Segment]) -> None:
        """Ban what was wrong (found, or the model's own rendering of a missing term) and decode again."""
        if not works:
            return
        lone: dict[str, str] = {}
        missing = sorted(
            {
                match.text
                for work in works
                if work.best is not None
                for match, found in work.wrong(work.best)
                if not any(v.kind in _WRONG_RENDERINGS for v in found)
            }
        )
        if missing:
            # The model's rendering of the English term alone is what it puts into the sentence.
            renderings = self.inner.decode([DecodeRequest(text, 1) for text in missing])
            lone = {text: hyps[0].text for text, hyps in zip(missing, renderings, strict=True) if hyps}
        again: list[_Segment] = []
        for work in works:
            work.lone.update(lone)
            assert work.best is not None
            text = work.best.hypothesis.text
            bans: list[str] = []
            for match, found in work.wrong(work.best):
                wrong = next((v.found for v in found if v.kind in _WRONG_RENDERINGS and v.found), "")
                if not wrong and match.text in lone:
                    span = locate(lone[match.text], text)
                    wrong = text[span[0] : span[1]] if span else ""
                if wrong and work.allowed_ban(wrong):
                    bans.append(wrong)
            if bans:
                work.banned += [variant for ban in bans for variant in _capital_variants(ban)]
                work.notes.append(f"{_NOTE}re-decoded without {', '.join(quote(ban) for ban in bans)}")
                again.append(work)
        if not again:
            return
        for work, best in zip(again, self._run(again, [w.requests(self.nbest) for w in again]), strict=True):
            self._take(work, best)

    def _force(self, works: Sequence[_Segment]) -> None:
        """Force the approved rendering of each segment's first still missing term, then decode on."""
        forced: list[tuple[_Segment, str, str]] = []
        for work in works:
            assert work.best is not None
            text = work.best.hypothesis.text
            for match, found in work.wrong(work.best):
                if key_of(match) in work.tried:
                    continue
                work.tried.add(key_of(match))
                located = next((v for v in found if v.found_start is not None), None)
                start = self._position(work, match, text, located)
                form = expected_case(text, start, (located or found[0]).expected)
                prefix = (text[:start] + form).lstrip()
                forced.append((work, prefix, form))
                break
        if not forced:
            return
        works_now = [work for work, _, _ in forced]
        requests = [work.requests(self.nbest, prefix) for work, prefix, _ in forced]
        for (work, _, form), best in zip(forced, self._run(works_now, requests), strict=True):
            work.notes.append(f"{_NOTE}forced {quote(form)} into the output, decoding on after it")
            self._take(work, best)

    def _position(self, work: _Segment, match: TermMatch, text: str, located: TermViolation | None) -> int:
        """Where ``match``'s rendering belongs in ``text``: where the checker found a wrong one, where
        what is left of a forbidden rendering or the model's own rendering stands, else by word share."""
        if located is not None and located.found_start is not None:
            return located.found_start
        for rendering in (*work.forbidden, work.lone.get(match.text, "")):
            span = locate(rendering, text) if rendering else None
            if span is not None:
                return span[0]
        return _estimate(work.source, match, text)

    def _take(self, work: _Segment, best: Candidate | None) -> None:
        """Keep ``best`` when it approves more terms than the segment's best so far; note either way."""
        assert work.best is not None
        if best is not None and best.compliant > work.best.compliant:
            work.best = best
            if best.rank != 1:
                work.notes[-1] += f"; chose hypothesis {best.rank} of {best.of}"
            return
        work.notes[-1] += "; no better output came of it, the earlier one is kept"


def term_aware(translator: Translator, termbase: TermBase) -> Translator:
    """``translator`` with glossary-aware decoding when it can return n-best lists and its n-best is on."""
    if isinstance(translator, DecodingTranslator) and translator.nbest > 0:
        return TermAwareTranslator(translator, termbase, translator.nbest)
    return translator
