"""Finding a term in a translation: every form of its renderings, approved or forbidden, as occurrences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from translate.glossary.matching import in_headline, normalise
from translate.glossary.style import LanguageStyle
from translate.glossary.termbase import Status, Term, TermKind
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

    def approved_occurrences(self, text: str) -> list[Occurrence]:
        """Approved forms in ``text``, left to right (with a bare compound form where the style allows)."""
        found = _occurrences(self.approved_pattern, self.approved, text)
        if self.bare_pattern is not None:
            for match in self.bare_pattern.finditer(normalise(text)):
                span = (match.start(), match.end())
                if not overlaps(span, ((o.start, o.end) for o in found)):
                    surface = text[span[0] : span[1]]
                    found.append(Occurrence(span[0], span[1], surface, surface, (NOMINATIVE,)))
            found.sort(key=lambda occurrence: occurrence.start)
        return found

    def forbidden_occurrences(self, text: str) -> list[Occurrence]:
        """Forbidden renderings (in any form) in ``text``, left to right."""
        return _occurrences(self.forbidden_pattern, self.forbidden, text)

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
        for form in self.main.forms:
            words = form.text.split()
            if len(words) <= size:
                continue
            folded = [fold(word) for word in words]
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
    """The span of the ``count`` words right after (or before) ``hit``, joined to it by spaces only."""
    words = rf"\w[\w-]*(?:\s+\w[\w-]*){{{count - 1}}}"
    if after:
        tail = re.match(rf"\s+({words})", text[hit.end :])
        return None if tail is None else (hit.end + tail.start(1), hit.end + tail.end(1))
    head = re.search(rf"({words})\s+$", text[: hit.start])
    return None if head is None else (head.start(1), head.end(1))


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
    pattern: re.Pattern[str] | None, paradigms: Sequence[Paradigm], text: str
) -> list[Occurrence]:
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(normalise(text)):
        start, end = match.span("form")
        surface = " ".join(match.group("form").split())
        for index, paradigm_ in enumerate(paradigms):
            keys = paradigm_.keys_of(surface)
            if keys:
                form = next(form.text for form in paradigm_.forms if fold(form.text) == fold(surface))
                found.append(Occurrence(start, end, text[start:end], form, keys, variant=index > 0))
                break
    return found


def _bare_pattern(language: Language, text: str) -> re.Pattern[str] | None:
    """The rendering without its final possessive, before another word: "Balkan welaýat häkimligi"."""
    from translate.morphology import kk, tk

    head, sep, last = text.rpartition(" ")
    try:
        bare = head + sep + (tk if language is Language.tk else kk).strip_possessive3(last)
    except InflectionError:
        return None
    words = r"\s+".join(re.escape(word) for word in normalise(bare).split())
    return re.compile(rf"(?<!\w){words}(?=\s+\w)", re.IGNORECASE)


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


@lru_cache(maxsize=4096)
def term_forms(term: Term, language: Language, style: LanguageStyle | None = None) -> TermForms | None:
    """The forms of ``term`` in ``language``, or None when the term base has no rendering there.

    ``style`` is the desk's house style for the language (``TermBase.style.of(language)``); without
    one only the term base's own spellings count.
    """
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
    return TermForms(
        term=term,
        language=language,
        status=rendering.status,
        approved=tuple(approved),
        forbidden=tuple(forbidden),
        approved_pattern=_pattern(approved, language),
        forbidden_pattern=_pattern(forbidden, language),
        bare_pattern=bare,
        lowerable=_lowerable(term, language, rendering.text, style),
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


def best_variant(forms: TermForms, text: str, taken: Iterable[tuple[int, int]]) -> Occurrence | None:
    """The stretch of ``text`` most like some approved form, if it is close enough to be a variant of it.

    The closest stretch is found first; the form offered for it is then the one that ends as the
    stretch does, so the fix keeps the case, number and possessive of the text it replaces
    («вилаята» → «велаята», not the equally close «велаятам»).
    """
    taken = list(taken)
    # Hyphens and dashes split words here too, so a misspelt name inside «Газакистан-Туркменистан»
    # is found; a hyphenated rendering («Герой-Аркадаг») is then a window of two words.
    tokens = [match for match in re.finditer(r"\w+", text)]
    best: tuple[float, int, int] | None = None
    lengths = {
        len(re.findall(r"\w+", form.text)) + delta for form in forms.main.forms for delta in (-1, 0, 1)
    }
    # «Ираком» is not a misspelt «Ираном»: short names are too alike to guess. A common noun is
    # guessed from six letters on («вилаяте» for «велаяте»): its neighbours are ordinary words.
    shortest = MIN_VARIANT_LENGTH if forms.term.kind.is_name else MIN_COMMON_LENGTH
    candidates = [form for form in forms.main.forms if " " in form.text or len(form.text) >= shortest]
    for size in sorted(length for length in lengths if length > 0):
        for index in range(len(tokens) - size + 1):
            start, end = tokens[index].start(), tokens[index + size - 1].end()
            if overlaps((start, end), taken):
                continue
            window = fold(" ".join(token.group(0) for token in tokens[index : index + size]))
            for form in candidates:
                score = fuzz.ratio(window, fold(form.text))
                if score >= VARIANT_THRESHOLD and (best is None or score > best[0]):
                    best = (score, start, end)
    if best is None:
        return None
    _, start, end = best
    window = fold(" ".join(text[start:end].split()))
    # Any form may be offered once the stretch is found, short ones too: they carry the case.
    scored = [(fuzz.ratio(window, fold(form.text)), form) for form in forms.main.forms]
    _, _, form = max(
        ((_common_suffix(window, fold(form.text)), score, form) for score, form in scored if score >= 0),
        key=lambda item: (item[0], item[1]) if item[1] >= VARIANT_THRESHOLD else (-1, item[1]),
    )
    return Occurrence(start, end, text[start:end], form.text, (form.key,))


def _common_suffix(one: str, other: str, limit: int = 3) -> int:
    """How many final letters (up to ``limit``: an ending's length) two words share."""
    count = 0
    while count < min(limit, len(one), len(other)) and one[-1 - count] == other[-1 - count]:
        count += 1
    return count
