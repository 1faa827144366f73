"""Lint of the term base: the shipped one is clean, and each kind of problem is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.glossary.lint import lint_termbase
from translate.glossary.tomlfile import load_termbase, load_termbase_text

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_termbase(GLOSSARY)


def test_shipped_term_base_has_no_lint_errors(shipped) -> None:  # type: ignore[no-untyped-def]
    assert [finding for finding in lint_termbase(shipped) if finding.serious] == []


def test_lint_reports_each_kind_of_problem() -> None:
    base = load_termbase_text(
        """
[a]
en = "Balkan"
[a.ru]
text = "Балкан"
forbidden = ["Мары"]
[a.tk]
text = "Balkan"
status = "provisional"
[a.kk]
text = "Балқан"

[b]
en = "balkan"
kind = "thing"
[b.ru]
text = "Мары"
[b.tk]
text = "Balkan"
[b.kk]
text = "очень быстро"

[c]
en = "Balkan sea"
kind = "place"
[c.ru]
text = "очень быстро"
"""
    )
    findings = {(finding.severity, finding.message) for finding in lint_termbase(base)}
    messages = "\n".join(f"{severity} {message}" for severity, message in sorted(findings))
    assert "serious b: English form 'balkan' also belongs to a" in messages
    assert "serious b: ru rendering 'мары' is forbidden by a" in messages
    assert "serious c: ru forms can't be generated: no head noun" in messages
    assert "warning b: tk rendering 'Balkan' is also used by a" in messages
    assert "warning c: no tk rendering" in messages
    assert "info a: tk rendering 'Balkan' is provisional" in messages
    assert "info c: contains a ('Balkan')" in messages


def test_lint_finds_whole_word_nesting_in_a_large_base() -> None:
    # 1200 terms: a regex per pair overflowed re's cache and took minutes; one automaton pass is quick.
    filler = "\n".join(f'[t{i}]\nen = "Place{i} Zone"\nkind = "place"\n' for i in range(1200))
    base = load_termbase_text(
        filler
        + """
[teke]
en = "Teke"
[ahal-teke]
en = "Ahal-Teke"
variants = ["Akhal-Teke"]
[york]
en = "York"
[yorkshire]
en = "Yorkshire Teke horse"
"""
    )
    nested = sorted(
        (finding.subject, finding.message) for finding in lint_termbase(base) if finding.check == "nested"
    )
    assert nested == [
        ("ahal-teke", "ahal-teke: contains teke ('Teke'); the longer term wins where both match"),
        ("yorkshire", "yorkshire: contains teke ('Teke'); the longer term wins where both match"),
    ]
