"""Finding a term in a translation: every form of its renderings, approved or forbidden, as occurrences."""

from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from rapidfuzz import fuzz, process

from translate.glossary.matching import in_headline, normalise
from translate.glossary.style import LanguageStyle
from translate.glossary.termbase import Status, Term, TermBase, TermKind
from translate.languages import Language
from translate.morphology.grammar import CASES, NOMINATIVE, FormKey, InflectionError
from translate.morphology.paradigm import Paradigm, fold, loose_paradigm

VARIANT_THRESHOLD = 80.0
MIN_VARIANT_LENGTH = 8
MIN_COMMON_LENGTH = 6
# How close the capitalised word beside a short variant must be to the rest of the full rendering to
# count as a misspelling of it («Махтумкули Фараги», "Magtymguly Firaginiň") rather than another name:
# low, because inflection changes the ending too and the slot itself says "surname".
REST_THRESHOLD = 50.0

# Enclitics written onto a form without changing what it names: the Turkmen predicative -dyr ("is"),
# the Kazakh -дыр. The Turkic "also" particle is a word of its own or follows a hyphen, which the
# patterns' boundaries already allow; written solid it would read as a (wrong) locative.
_CLITICS: dict[Language, tuple[str, ...]] = {
    Language.ru: (),
    Language.tk: ("dyr", "dir", "dur", "dür"),
    Language.kk: ("дыр", "дір", "тыр", "тір"),
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A form of a rendering found in a translation; ``variant`` when it is a form of a variant."""

    start: int
    end: int
    text: str
    form: str
    keys: tuple[FormKey, ...]
    variant: bool = False


@dataclass(frozen=True, slots=True)
class TermForms:
    """Every recognisable form of one term in one language: approved (text and variants) and forbidden."""

    term: Term
    language: Language
    status: Status
    approved: tuple[Paradigm, ...]
    forbidden: tuple[Paradigm, ...]
    approved_pattern: re.Pattern[str] | None = field(default=None)
    forbidden_pattern: re.Pattern[str] | None = field(default=None)
    bare_pattern: re.Pattern[str] | None = field(default=None)
    lowerable: frozenset[str] = frozenset()
    # Folded once per term, not per window or per occurrence (``_fold_forms``):
    approved_index: tuple[dict[str, tuple[str, tuple[FormKey, ...]]], ...] = field(default=(), compare=False)
    forbidden_index: tuple[dict[str, tuple[str, tuple[FormKey, ...]]], ...] = field(default=(), compare=False)
    main_folded: tuple[str, ...] = field(default=(), compare=False)
    variant_candidates: tuple[str, ...] = field(default=(), compare=False)
    window_sizes: tuple[int, ...] = field(default=(), compare=False)
    # Each letter of the candidates with its largest count in one, and the fewest letters a text
    # must share with them for any window to come near (``TextWindows.near_misses``).
    variant_letters: dict[str, int] = field(default_factory=dict, compare=False)
    variant_letter_set: frozenset[str] = field(default=frozenset(), compare=False)
    variant_floor: float = field(default=0.0, compare=False)
    prefixes: tuple[str | None, str | None, str | None] = field(default=(None, None, None), compare=False)

    @property
    def main(self) -> Paradigm:
        """The paradigm of the approved rendering itself."""
        return self.approved[0]

    def form_for(self, keys: Sequence[FormKey]) -> str:
        """The approved form for the first of ``keys`` the paradigm has (nominative as a last resort)."""
        for key in keys:
            value = self.main.get(key)
            if value is not None:
                return value
        return self.main.get(NOMINATIVE) or self.main.text

    def approved_occurrences(self, text: str | Target) -> list[Occurrence]:
        """Approved forms in ``text``, left to right (with a bare compound form where the style allows)."""
        target = text if isinstance(text, Target) else Target(text)
        text = target.text
        found = _occurrences(self.approved_pattern, self.approved_index, target, self.prefixes[0])
        if self.bare_pattern is not None:
            for match in target.finditer(self.bare_pattern, self.prefixes[2]):
                span = (match.start(), match.end())
                if not overlaps(span, ((o.start, o.end) for o in found)):
                    surface = text[span[0] : span[1]]
                    found.append(Occurrence(span[0], span[1], surface, surface, (NOMINATIVE,)))
            found.sort(key=lambda occurrence: occurrence.start)
        return found

    def forbidden_occurrences(self, text: str | Target) -> list[Occurrence]:
        """Forbidden renderings (in any form) in ``text``, left to right."""
        target = text if isinstance(text, Target) else Target(text)
        return _occurrences(self.forbidden_pattern, self.forbidden_index, target, self.prefixes[1])

    def capitalisation_ok(self, text: str, occurrence: Occurrence) -> bool:
        """True when the occurrence is written as the term base (or the house style) allows.

        A sentence start may capitalise the first letter; an ALL-CAPS headline may capitalise every
        letter; where the house style accepts lower-case titles, their common words may be lower-case.
        """
        surface = " ".join(normalise(occurrence.text).split())
        form = normalise(occurrence.form)
        if surface == form:
            return True
        if surface.isupper() and in_headline(text, occurrence.start, occurrence.end):
            return True
        if at_sentence_start(text, occurrence.start):
            form = form[:1].upper() + form[1:]
        if surface == form:
            return True
        got_words, want_words = surface.split(), form.split()
        if not self.lowerable or len(got_words) != len(want_words):
            return False
        return all(
            got == want or (got == want[:1].lower() + want[1:] and _stem(want) in self.lowerable)
            for got, want in zip(got_words, want_words, strict=True)
        )

    def short_variant_miss(self, text: str, hit: Occurrence) -> Occurrence | None:
        """The wrong full rendering a short variant's hit is part of, if the words beside it are one.

        A first name alone is an allowed variant, but «first name + misspelt surname» is a misspelt
        full name: the words after (or before) the variant are compared with the rest of the rendering.
        """
        if not hit.variant:
            return None
        hit_words = fold(hit.form).split()
        size = len(hit_words)
        best: tuple[float, Occurrence] | None = None
        for form, folded_text in zip(self.main.forms, self.main_folded, strict=True):
            words = form.text.split()
            if len(words) <= size:
                continue
            folded = folded_text.split()
            if folded[:size] == hit_words:
                rest, after = words[size:], True
            elif folded[-size:] == hit_words:
                rest, after = words[: len(words) - size], False
            else:
                continue
            span = _neighbours(text, hit, len(rest), after=after)
            if span is None:
                continue
            got = text[span[0] : span[1]]
            if rest[0][:1].isupper() != got[:1].isupper():
                continue  # a lower-case word after a name is the sentence going on, not a surname
            score = fuzz.ratio(fold(" ".join(got.split())), fold(" ".join(rest)))
            if score >= REST_THRESHOLD and (best is None or score > best[0]):
                start, end = (hit.start, span[1]) if after else (span[0], hit.end)
                best = (score, Occurrence(start, end, text[start:end], form.text, (form.key,)))
        return best[1] if best else None


def _stem(word: str) -> str:
    return fold(word)[:4]


def _neighbours(text: str, hit: Occurrence, count: int, *, after: bool) -> tuple[int, int] | None:
    """The span of the ``count`` words right after (or before) ``hit``, joined to it by spaces only.

    Only the text next to the hit is read, not the whole text before or after it.
    """
    after_pattern, before_pattern = _neighbour_patterns(count)
    if after:
        tail = after_pattern.match(text, hit.end)
        return None if tail is None else tail.span(1)
    # The words and the spaces after them are the last ``count`` runs of non-space before the hit:
    # searching from the start of those runs finds what a search of all the text before it finds.
    low = hit.start
    for _ in range(count):
        while low > 0 and text[low - 1].isspace():
            low -= 1
        while low > 0 and not text[low - 1].isspace():
            low -= 1
    head = before_pattern.search(text[low : hit.start])
    return None if head is None else (low + head.start(1), low + head.end(1))


@lru_cache(maxsize=64)
def _neighbour_patterns(count: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = rf"\w[\w-]*(?:\s+\w[\w-]*){{{count - 1}}}"
    return re.compile(rf"\s+({words})"), re.compile(rf"({words})\s+$")


def _alternatives(paradigms: Sequence[Paradigm]) -> str:
    texts = sorted(
        {normalise(value) for paradigm_ in paradigms for value in paradigm_.texts}, key=lambda v: -len(v)
    )
    return "|".join(r"\s+".join(re.escape(word) for word in value.split()) for value in texts)


def _pattern(paradigms: Sequence[Paradigm], language: Language) -> re.Pattern[str] | None:
    alternatives = _alternatives(paradigms)
    if not alternatives:
        return None
    clitics = "|".join(_CLITICS[language])
    clitic = f"(?:{clitics})?" if clitics else ""
    # Hyphens and dashes end a word: «Казахстан-Туркменистан-Иран» holds three names, and a
    # forbidden rendering inside such a compound is still found.
    return re.compile(rf"(?<!\w)(?P<form>{alternatives}){clitic}(?!\w)", re.IGNORECASE)


def _occurrences(
    pattern: re.Pattern[str] | None,
    index: Sequence[dict[str, tuple[str, tuple[FormKey, ...]]]],
    target: Target,
    prefix: str | None,
) -> list[Occurrence]:
    if pattern is None:
        return []
    found = []
    for match in target.finditer(pattern, prefix):
        start, end = match.span("form")
        folded = fold(" ".join(match.group("form").split()))
        for number, table in enumerate(index):
            known = table.get(folded)
            if known is not None:
                form, keys = known
                found.append(Occurrence(start, end, target.text[start:end], form, keys, variant=number > 0))
                break
    return found


def _index(paradigm_: Paradigm) -> dict[str, tuple[str, tuple[FormKey, ...]]]:
    """Each folded form of a paradigm: its first spelling and every key it stands for (``keys_of``)."""
    index: dict[str, tuple[str, tuple[FormKey, ...]]] = {}
    for form in paradigm_.forms:
        folded = fold(form.text)
        text, keys = index.get(folded, (form.text, ()))
        index[folded] = (text, (*keys, form.key))
    return index


# Letters a case-insensitive regex takes for one another besides their lower case (the table of
# ``re._casefix``): «ſ» for «s», the old Cyrillic «ᲀ» for «в»... Each maps to one of its class.
_CASE_CLASSES = (
    (0x69, 0x131),
    (0x73, 0x17F),
    (0xB5, 0x3BC),
    (0x345, 0x3B9, 0x1FBE),
    (0x390, 0x1FD3),
    (0x3B0, 0x1FE3),
    (0x3B2, 0x3D0),
    (0x3B5, 0x3F5),
    (0x3B8, 0x3D1),
    (0x3BA, 0x3F0),
    (0x3C0, 0x3D6),
    (0x3C1, 0x3F1),
    (0x3C2, 0x3C3),
    (0x3C6, 0x3D5),
    (0x432, 0x1C80),
    (0x434, 0x1C81),
    (0x43E, 0x1C82),
    (0x441, 0x1C83),
    (0x442, 0x1C84, 0x1C85),
    (0x44A, 0x1C86),
    (0x463, 0x1C87),
    (0x1C88, 0xA64B),
    (0x1E61, 0x1E9B),
    (0xFB05, 0xFB06),
)
_CASE_TABLE = {code: min(group) for group in _CASE_CLASSES for code in group if code != min(group)}
_CASE_PARTNERS = re.compile("[" + "".join(map(chr, _CASE_TABLE)) + "]")


def case_key(text: str) -> str:
    """``text`` at the same length, with every pair of letters a case-insensitive regex takes for
    one another written alike: where a term's pattern can match, its first word's key is found."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")  # «İ» lowers to two characters; a regex lowers it to «i»
    lowered = text.lower()
    return lowered.translate(_CASE_TABLE) if _CASE_PARTNERS.search(lowered) else lowered


def _prefix(texts: Iterable[str]) -> str | None:
    """What the key of every match of a pattern over ``texts`` starts with (None: no useful start)."""
    firsts = []
    for text in texts:
        words = normalise(text).split()
        if not words:
            return None
        firsts.append(case_key(words[0]))
    prefix = min(firsts, default="")
    for first in firsts:
        while not first.startswith(prefix):
            prefix = prefix[:-1]
    return prefix or None


class Target:
    """A translation prepared once for all the terms looked for in it.

    It is normalised once, and keyed once (``case_key``), so a term's pattern runs only where the
    first word of one of its forms is, instead of over the whole text once per term and occurrence.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.normal = normalise(text)
        self.keyed = case_key(self.normal)
        self._windows: TextWindows | None = None

    # Lazy attributes here are plain properties: functools.cached_property takes a lock shared by
    # every instance on each first access, and there is a first access per text.
    @property
    def windows(self) -> TextWindows:
        """The text's runs of words, split only once a term is missing (most texts never need them)."""
        if self._windows is None:
            self._windows = TextWindows(self.text)
        return self._windows

    def finditer(self, pattern: re.Pattern[str], prefix: str | None) -> Iterator[re.Match[str]]:
        """What ``pattern.finditer(normalised text)`` finds, trying only where ``prefix`` is."""
        if prefix is None:
            yield from pattern.finditer(self.normal)
            return
        position = self.keyed.find(prefix)
        while position >= 0:
            match = pattern.match(self.normal, position)
            if match is None:
                position = self.keyed.find(prefix, position + 1)
            else:
                yield match
                position = self.keyed.find(prefix, max(match.end(), position + 1))


_TOKEN = re.compile(r"\w+")


class TextWindows:
    """The runs of words of one text that ``best_variant`` compares with a term's forms, folded once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: list[str] | None = None
        self._sized: dict[int, list[str]] = {}
        self._all: dict[tuple[int, ...], tuple[list[str], list[int]]] = {}
        self._letters: frozenset[str] | None = None
        self._near: dict[int, tuple[TermForms, list[tuple[float, int, int]]]] = {}
        self._tokens: list[tuple[int, int]] | None = None
        self._spaced_words: tuple[str, list[int]] | None = None
        self._folded_whole: str | None = None

    @property
    def tokens(self) -> list[tuple[int, int]]:
        """The spans of the text's words (split only when a term's letters are all there)."""
        # Hyphens and dashes split words here too, so a misspelt name inside «Газакистан-Туркменистан»
        # is found; a hyphenated rendering («Герой-Аркадаг») is then a window of two words.
        if self._tokens is None:
            self._tokens = [match.span() for match in _TOKEN.finditer(self.text)]
        return self._tokens

    def of_size(self, size: int) -> list[str]:
        """Every run of ``size`` words, folded and joined by single spaces, in text order."""
        if size not in self._sized:
            if size == 1:
                self._sized[size] = self._words
            else:
                # A run is a slice of the words joined once by single spaces, from the start of its
                # first word to the end of its last (no tuple of words built and joined per run).
                joined, starts = self._spaced
                ends = [start - 1 for start in starts[size:]]
                self._sized[size] = [joined[start:end] for start, end in zip(starts, ends, strict=False)]
        return self._sized[size]

    @property
    def _spaced(self) -> tuple[str, list[int]]:
        """The folded words joined by single spaces, and where each word starts in it (with the end,
        plus one, as a last start)."""
        if self._spaced_words is None:
            starts = [0]
            for word in self._words:
                starts.append(starts[-1] + len(word) + 1)
            self._spaced_words = (" ".join(self._words), starts)
        return self._spaced_words

    @property
    def _words(self) -> list[str]:
        """The text's words, folded."""
        if self._folded is None:
            self._folded = self._fold_words()
        return self._folded

    def _fold_words(self) -> list[str]:
        # Folding each word once and joining is folding the joined words: fold keeps spaces. Where
        # folding keeps the length (no «ß» → «ss»), each character folded alone, so the folded text
        # sliced at the words' spans is each word folded, with one fold for the text.
        text, folded = self.text, self._folded_text
        if len(folded) == len(text):
            return [folded[start:end] for start, end in self.tokens]
        return [fold(text[start:end]) for start, end in self.tokens]

    @property
    def _folded_text(self) -> str:
        if self._folded_whole is None:
            self._folded_whole = fold(self.text)
        return self._folded_whole

    def near_misses(self, forms: TermForms) -> list[tuple[float, int, int]]:
        """The runs close enough to a form of ``forms`` to be a variant: (score, start, end), best first.

        ``best_variant`` takes the first that no other match holds; the order is that of its search
        (highest score, then fewest words, then leftmost), computed once per term for the text.
        """
        cached = self._near.get(id(forms))
        if cached is not None and cached[0] is forms:
            return cached[1]
        near: list[tuple[float, int, int]] = []
        if forms.variant_candidates and self._may_come_near(forms):
            windows, offsets = self._joined(forms.window_sizes)
            if windows:
                matrix = process.cdist(
                    forms.variant_candidates,
                    windows,
                    scorer=fuzz.ratio,
                    score_cutoff=VARIANT_THRESHOLD,
                    dtype=numpy.float64,
                )
                # Scores under the cutoff are 0: most texts have no near miss, seen in one count.
                if numpy.count_nonzero(matrix):
                    near = self._ranked(forms, matrix.max(axis=0), offsets)
        self._near[id(forms)] = (forms, near)
        return near

    def _ranked(
        self, forms: TermForms, scores: numpy.ndarray, offsets: list[int]
    ) -> list[tuple[float, int, int]]:
        """The windows scoring ``VARIANT_THRESHOLD`` or more, best first, then fewest words, leftmost."""
        found: list[tuple[float, int, int, int, int]] = []
        for flat in numpy.flatnonzero(scores >= VARIANT_THRESHOLD).tolist():
            rank = bisect.bisect_right(offsets, flat) - 1
            size, index = forms.window_sizes[rank], flat - offsets[rank]
            start, end = self.tokens[index][0], self.tokens[index + size - 1][1]
            found.append((-float(scores[flat]), rank, index, start, end))
        found.sort()
        return [(-score, start, end) for score, _, _, start, end in found]

    def _joined(self, sizes: tuple[int, ...]) -> tuple[list[str], list[int]]:
        """The windows of every size in ``sizes``, one list, and where each size's windows begin."""
        if sizes not in self._all:
            windows: list[str] = []
            offsets: list[int] = []
            for size in sizes:
                offsets.append(len(windows))
                windows += self.of_size(size)
            self._all[sizes] = (windows, offsets)
        return self._all[sizes]

    def _may_come_near(self, forms: TermForms) -> bool:
        """False when the text lacks the letters any window would need to score ``VARIANT_THRESHOLD``.

        A score of 80 needs a common subsequence of 0.4 × (both lengths), hence at least 2/3 of a
        form's letters, all of which must be in the text: with fewer (0.6, to leave rounding room),
        no window is close, and none is compared.
        """
        if self._letters is None:
            self._letters = frozenset(self._folded_text)
        absent = forms.variant_letter_set - self._letters
        if not absent:
            return True
        counts = forms.variant_letters
        return sum(counts.values()) - sum(counts[letter] for letter in absent) >= forms.variant_floor

    def variant_at(self, forms: TermForms, start: int, end: int) -> Occurrence:
        """The near miss at ``text[start:end]``, offered as the form that ends as the stretch does, so
        the fix keeps the case, number and possessive of the text it replaces."""
        text = self.text
        window = fold(" ".join(text[start:end].split()))
        # Any form may be offered once the stretch is found, short ones too: they carry the case.
        scored = [
            (fuzz.ratio(window, folded), form, folded)
            for form, folded in zip(forms.main.forms, forms.main_folded, strict=True)
        ]
        _, _, form = max(
            ((_common_suffix(window, folded), score, form) for score, form, folded in scored if score >= 0),
            key=lambda item: (item[0], item[1]) if item[1] >= VARIANT_THRESHOLD else (-1, item[1]),
        )
        return Occurrence(start, end, text[start:end], form.text, (form.key,))


def _bare_pattern(language: Language, text: str) -> tuple[re.Pattern[str], str | None] | None:
    """The rendering without its final possessive, before another word: "Balkan welaýat häkimligi"."""
    from translate.morphology import kk, tk

    head, sep, last = text.rpartition(" ")
    try:
        bare = head + sep + (tk if language is Language.tk else kk).strip_possessive3(last)
    except InflectionError:
        return None
    words = r"\s+".join(re.escape(word) for word in normalise(bare).split())
    return re.compile(rf"(?<!\w){words}(?=\s+\w)", re.IGNORECASE), _prefix([bare])


def _lowerable(term: Term, language: Language, text: str, style: LanguageStyle) -> frozenset[str]:
    """Words of a title that the house style lets a text write in lower case."""
    rendering = term.usable_rendering(language)
    if term.kind is not TermKind.title or not style.lowercase_titles or rendering is None:
        return frozenset()
    if rendering.inflection.honorific:
        return frozenset()  # «Национальный Лидер», "Milli Lideri" keep their capitals whatever the desk
    capitalised = [word for word in text.split() if word[:1].isupper()]
    if language is Language.ru:
        from translate.morphology import ru

        return frozenset(_stem(word) for word in capitalised if ru.is_common_word(word))
    # A Turkic title ends in the office, with its possessive: «Қазақстан Президенті».
    last = text.split()[-1]
    return frozenset({_stem(last)}) if last[:1].isupper() else frozenset()


def term_forms(term: Term, language: Language, style: LanguageStyle | None = None) -> TermForms | None:
    """The forms of ``term`` in ``language``, or None when the term base has no rendering there.

    ``style`` is the desk's house style for the language (``TermBase.style.of(language)``); without
    one only the term base's own spellings count. A term base's checks ask ``forms_of``, which keeps
    the forms for as long as the term base lives; this cache only serves lone calls.
    """
    return _term_forms(term, language, style)


def forms_of(termbase: TermBase, term_id: str, language: Language) -> TermForms | None:
    """``term_forms`` of a term of ``termbase`` in its house style, computed once per term base."""
    table = _FORMS.get(termbase)
    if table is None:
        table = _FORMS[termbase] = {}
    key = (term_id, language)
    if key not in table:
        term = termbase.find(term_id)
        table[key] = None if term is None else _make_forms(term, language, termbase.style.of(language))
    return table[key]


_FORMS: weakref.WeakKeyDictionary[TermBase, dict[tuple[str, Language], TermForms | None]] = (
    weakref.WeakKeyDictionary()
)


@lru_cache(maxsize=4096)
def _term_forms(term: Term, language: Language, style: LanguageStyle | None) -> TermForms | None:
    return _make_forms(term, language, style)


def _make_forms(term: Term, language: Language, style: LanguageStyle | None) -> TermForms | None:
    rendering = term.usable_rendering(language)
    if rendering is None:
        return None
    style = style or LanguageStyle()
    approved = [rendering.paradigm(term.kind)]
    approved += [rendering.paradigm(term.kind, variant) for variant in rendering.variants]
    forbidden: list[Paradigm] = []
    for value in rendering.forbidden:
        forbidden.append(loose_paradigm(language, value, term.kind.value, possessive=False))
        if language is not Language.ru:
            forbidden.append(loose_paradigm(language, value, term.kind.value, possessive=True))
    bare = None
    if style.bare_compounds and language is not Language.ru and rendering.inflection.possessive:
        bare = _bare_pattern(language, rendering.text)
    main = approved[0]
    # «Ираком» is not a misspelt «Ираном»: short names are too alike to guess. A common noun is
    # guessed from six letters on («вилаяте» for «велаяте»): its neighbours are ordinary words.
    shortest = MIN_VARIANT_LENGTH if term.kind.is_name else MIN_COMMON_LENGTH
    lengths = {len(_TOKEN.findall(form.text)) + delta for form in main.forms for delta in (-1, 0, 1)}
    # Forms that fold alike («Казахстан» nominative and accusative) are compared once: a window's
    # score is its best over the candidates.
    candidates = tuple(
        dict.fromkeys(
            fold(form.text) for form in main.forms if " " in form.text or len(form.text) >= shortest
        )
    )
    letters: dict[str, int] = {}
    for candidate in candidates:
        for letter, count in Counter(candidate).items():
            letters[letter] = max(count, letters.get(letter, 0))
    return TermForms(
        term=term,
        language=language,
        status=rendering.status,
        approved=tuple(approved),
        forbidden=tuple(forbidden),
        approved_pattern=_pattern(approved, language),
        forbidden_pattern=_pattern(forbidden, language),
        bare_pattern=bare[0] if bare else None,
        lowerable=_lowerable(term, language, rendering.text, style),
        approved_index=tuple(_index(paradigm_) for paradigm_ in approved),
        forbidden_index=tuple(_index(paradigm_) for paradigm_ in forbidden),
        main_folded=tuple(fold(form.text) for form in main.forms),
        variant_candidates=candidates,
        variant_letters=letters,
        variant_letter_set=frozenset(letters),
        variant_floor=0.6 * min((len(candidate) for candidate in candidates), default=0),
        window_sizes=tuple(sorted(length for length in lengths if length > 0)),
        prefixes=(
            _prefix(value for paradigm_ in approved for value in paradigm_.texts),
            _prefix(value for paradigm_ in forbidden for value in paradigm_.texts),
            bare[1] if bare else None,
        ),
    )


# Cases each Russian preposition governs, to read an ambiguous form («области»: gen, dat, loc).
_RU_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("в", "во", "на"), ("loc", "acc")),
    **dict.fromkeys(("о", "об", "обо", "при"), ("loc",)),
    **dict.fromkeys(
        (
            "из",
            "изо",
            "от",
            "ото",
            "до",
            "у",
            "без",
            "для",
            "около",
            "после",
            "вокруг",
            "против",
            "среди",
            "из-за",
            "возле",
            "кроме",
            "вблизи",
            "вдоль",
            "мимо",
            "напротив",
            "ради",
        ),
        ("gen",),
    ),
    **dict.fromkeys(("к", "ко", "благодаря", "согласно", "навстречу", "вопреки"), ("dat",)),
    **dict.fromkeys(("с", "со"), ("ins", "gen")),
    **dict.fromkeys(("над", "перед", "между", "передо", "надо"), ("ins",)),
    **dict.fromkeys(("за", "под"), ("ins", "acc")),
    **dict.fromkeys(("через", "про", "сквозь"), ("acc",)),
    "по": ("dat", "loc", "acc"),
}


def choose_keys(
    language: Language, keys: Sequence[FormKey], previous_word: str, *, possessive: bool = False
) -> list[FormKey]:
    """Order the keys a found form could have, most likely first.

    In Russian the preposition before the form decides; an English possessive ("Turkmenistan's")
    makes the genitive likeliest.
    """
    candidates = list(dict.fromkeys(keys))
    order: tuple[str, ...] = CASES[language]
    if possessive and any(key.case == "gen" for key in candidates):
        order = ("gen", *order)
    if language is Language.ru:
        governed = _RU_PREPOSITIONS.get(previous_word.lower())
        if governed and any(key.case in governed for key in candidates):
            # The preposition's commoner case first: «с Героем» (ins) before «с горы» (gen).
            candidates = [key for key in candidates if key.case in governed]
            order = governed
    return sorted(
        candidates,
        key=lambda key: (
            key.number != "sg",
            order.index(key.case) if key.case in order else 99,
            key.possessive,
        ),
    )


def previous_word(text: str, start: int) -> str:
    """The word before ``start`` in ``text``, without punctuation (a Russian preposition, say)."""
    words = text[:start].split()
    return words[-1].strip('«»"“”(),;:') if words else ""


def at_sentence_start(text: str, start: int) -> bool:
    """True when ``start`` begins a sentence (only quotes, dashes or spaces since the last full stop)."""
    before = text[:start].rstrip(" \t\n«\"“„'(—–-")
    return not before or before[-1] in ".!?…:"


def expected_case(text: str, start: int, form: str) -> str:
    """``form`` as it should be written at ``start`` (capitalised at a sentence start)."""
    if at_sentence_start(text, start):
        return form[:1].upper() + form[1:]
    return form


def covers(outer: Occurrence, inner: Occurrence) -> bool:
    """True when ``outer`` is a longer stretch of text that includes ``inner``."""
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and outer.end - outer.start > inner.end - inner.start
    )


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``span`` shares a character with any of ``spans``."""
    return any(span[0] < end and start < span[1] for start, end in spans)


def best_variant(
    forms: TermForms, text: str, taken: Iterable[tuple[int, int]], windows: TextWindows | None = None
) -> Occurrence | None:
    """The stretch of ``text`` most like some approved form, if it is close enough to be a variant of it.

    The closest stretch is found first; the form offered for it is then the one that ends as the
    stretch does, so the fix keeps the case, number and possessive of the text it replaces
    («вилаята» → «велаята», not the equally close «велаятам»). ``windows`` are the text's, when the
    caller keeps them for several terms.
    """
    if windows is None or windows.text != text:
        windows = TextWindows(text)
    taken = list(taken)
    for _, start, end in windows.near_misses(forms):
        if not overlaps((start, end), taken):
            return windows.variant_at(forms, start, end)
    return None


def _common_suffix(one: str, other: str, limit: int = 3) -> int:
    """How many final letters (up to ``limit``: an ending's length) two words share."""
    count = 0
    while count < min(limit, len(one), len(other)) and one[-1 - count] == other[-1 - count]:
        count += 1
    return count
