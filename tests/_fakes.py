"""The fake engine of the unit tests: instant, deterministic, and it records every batch it is sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translate.engine.translator import Translation
from translate.languages import Language


@dataclass
class FakeTranslator:
    """A ``Translator`` that answers a segment from ``table`` when it is there, else with ``render``.

    Without ``render`` a segment comes back upper-cased behind the language code (``ru:TEXT``), which
    shows at a glance which engine wrote an entry. ``notes`` go on every translation. A test that needs an
    engine that fails, drops a result or reports a longer name subclasses this and overrides
    ``translate_batch`` or ``translation``.
    """

    language: Language = Language.ru
    name: str = "fake 1.0"
    render: Callable[[str], str] | None = None
    table: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    batches: list[list[str]] = field(default_factory=list)

    def translation(self, segment: str) -> Translation:
        """The suggestion for one segment."""
        if segment in self.table:
            text = self.table[segment]
        elif self.render is not None:
            text = self.render(segment)
        else:
            text = f"{self.language.value}:{segment.upper()}"
        return Translation(text, self.name, self.notes)

    def translate_batch(self, segments: Sequence[str]) -> list[Translation]:
        """One suggestion per segment, in order; the batch is recorded in ``batches``."""
        self.batches.append(list(segments))
        return [self.translation(segment) for segment in segments]
