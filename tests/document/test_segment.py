"""Sentence segmentation: a table of tricky cases and the seed's exact sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SEED
from translate.document.segment import split_sentences
from translate.document.source import load_document

TRICKY = [
    ("amount", "Trade grew by $1 billion. Talks went on.", ["Trade grew by $1 billion.", "Talks went on."]),
    ("unit", "A plant of 1574 MGt was built. It works.", ["A plant of 1574 MGt was built.", "It works."]),
    (
        "decimal",
        "Growth reached 8.5 percent in 2023. It slowed.",
        ["Growth reached 8.5 percent in 2023.", "It slowed."],
    ),
    (
        "us",
        "The U.S. delegation arrived in Ashgabat. It left.",
        ["The U.S. delegation arrived in Ashgabat.", "It left."],
    ),
    (
        "us-capital",
        "He met U.S. President Biden. Talks followed.",
        ["He met U.S. President Biden.", "Talks followed."],
    ),
    ("mr", "Mr. Meredow met Mrs. Smith. They talked.", ["Mr. Meredow met Mrs. Smith.", "They talked."]),
    (
        "number",
        "Decree No. 5 was signed. It takes effect now.",
        ["Decree No. 5 was signed.", "It takes effect now."],
    ),
    ("initial", "S. Berdimuhamedov spoke. He thanked all.", ["S. Berdimuhamedov spoke.", "He thanked all."]),
    (
        "initial-mid",
        "President S. Berdimuhamedov arrived. Talks began.",
        ["President S. Berdimuhamedov arrived.", "Talks began."],
    ),
    ("two-initials", "G. M. Berdimuhamedov spoke. He left.", ["G. M. Berdimuhamedov spoke.", "He left."]),
    (
        "quoted",
        'He said: "We will win. We are strong." Then he left.',
        ['He said: "We will win. We are strong."', "Then he left."],
    ),
    (
        "curly-quoted",
        "He said: “The road is open. Trade will grow.” The guests agreed.",
        ["He said: “The road is open. Trade will grow.”", "The guests agreed."],
    ),
    ("guillemets", "«Мы победим. Мы сильны.» Потом.", ["«Мы победим. Мы сильны.»", "Потом."]),
    (
        "hyphenated-name",
        "He met Kassym-Jomart Tokayev. They talked.",
        ["He met Kassym-Jomart Tokayev.", "They talked."],
    ),
    ("question", "Is it ready? Yes! It is.", ["Is it ready?", "Yes!", "It is."]),
    ("ellipsis", "They waited... Then it began.", ["They waited...", "Then it began."]),
    ("lowercase-after", "The e.g. case stays. And splits.", ["The e.g. case stays.", "And splits."]),
    (
        "digit-start",
        "The plan was adopted. 2024 is the year.",
        ["The plan was adopted.", "2024 is the year."],
    ),
    (
        "parenthesis",
        "Trade rose (by 5 percent). Exports led.",
        ["Trade rose (by 5 percent).", "Exports led."],
    ),
    (
        "month-abbr",
        "Signed on Nov. 3 in Astana. Talks followed.",
        ["Signed on Nov. 3 in Astana.", "Talks followed."],
    ),
    ("no-final-stop", "One sentence. Another without a stop", ["One sentence.", "Another without a stop"]),
    ("whitespace", "  First  one.\n  Second\tone.  ", ["First one.", "Second one."]),
    ("empty", "   ", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in TRICKY], ids=[case[0] for case in TRICKY]
)
def test_tricky_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


SEED_PARAGRAPH_SENTENCES = [1, 1, 1, 2, 2, 3, 2, 3, 1, 2, 3, 2, 3, 3, 3]


def test_seed_paragraphs_split_into_their_sentences() -> None:
    document = load_document(SEED)
    paragraphs = [block for block in document.blocks if block.kind.value == "paragraph"]
    assert len(paragraphs) == 15
    assert [len(block.segments) for block in paragraphs] == SEED_PARAGRAPH_SENTENCES
    assert paragraphs[7].segments[2] == (
        "At the same time, it was noted that there is significant untapped potential in trade relations, "
        "which must be used to increase trade turnover by $1 billion."
    )
    assert paragraphs[12].segments[1] == (
        "In this regard, the National Leader of the Turkmen people informed President Kassym-Jomart "
        "Tokayev that today the Head of Turkmenistan launched the construction of a power plant with a "
        "capacity of 1574 MGt in the Balkan velayat."
    )
    assert paragraphs[14].segments == (
        "Hero-Arkadag noted that next year the 300th anniversary of the birth of the great Turkmen poet, "
        "thinker of the East Magtymguly Fragi is celebrated.",
        "Within the framework of the International Organization of Turkic Culture TURKSOY, 2024 has been "
        "declared the Year of Magtymguly Fragi.",
        "In this regard, various meetings and forums will be held in our country and abroad, including "
        "with the participation of this Organization, said the National Leader of the Turkmen people, "
        "inviting Kazakh friends to take an active part in these events.",
    )


def test_every_seed_sentence_ends_with_a_stop() -> None:
    document = load_document(SEED)
    body = [segment for block, segment in document.segments() if block.kind.value == "paragraph"]
    assert len(body) == 32
    assert all(segment.endswith(".") for segment in body)


words = st.text(alphabet="kqwxzy", min_size=2, max_size=8)  # never an abbreviation or initial
sentences = st.lists(words, min_size=1, max_size=6).map(lambda ws: " ".join(ws).capitalize() + ".")


@given(st.lists(sentences, min_size=1, max_size=6))
def test_joined_sentences_split_back(parts: list[str]) -> None:
    assert split_sentences(" ".join(parts)) == parts


@given(st.text(max_size=200))
def test_splitting_loses_no_words(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == text.split()


def test_a_megabyte_paragraph_is_split_in_one_pass() -> None:
    # Quote state and the next word used to be recomputed from the sentence start at every period, so a
    # long paragraph with few sentence ends (abbreviations, quotes) took hours; now it takes a moment.
    unit = 'Mr. Smith of the U.S. met No. 5 and "said. more" and «да. нет» '
    paragraph = unit * 20_000 + "End."
    sentences = split_sentences(paragraph)
    assert sentences == [paragraph.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said: "Stop. Now." Then left.', ['He said: "Stop. Now."', "Then left."]),
        ("«Да. Нет.» Then left.", ["«Да. Нет.»", "Then left."]),
        ('An open "quote. Never closed. At all.', ['An open "quote. Never closed. At all.']),
    ],
    ids=["straight", "guillemets", "unclosed"],
)
def test_quote_state_restarts_at_each_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected
