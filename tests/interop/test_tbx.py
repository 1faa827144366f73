"""TBX with the standards and with translate-toolkit: the TBX-Basic RELAX NG and DCA Schematron, the
dialect's official example, and translate-toolkit's TBX v2 reader and csv2tbx."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from translate.glossary.interchange import ExchangeFormat, read_exchange, write_exchange
from translate.glossary.tbxfile import to_martif, to_tbx
from translate.glossary.termbase import Rendering, Status, Term, TermKind
from translate.glossary.tomlfile import load_termbase
from translate.languages import Language
from translate.morphology.inflection import Inflection

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "glossary"
# translate-toolkit lives in its own venv (its package is also called ``translate``); TRANSLATE_TTK names
# another one, e.g. the main checkout's from a second work tree.
TTK = Path(os.environ.get("TRANSLATE_TTK", REPO / ".venv-ttk")) / "bin"
# The published schemas live beside the project (../shared/standards), not in it; a clone elsewhere
# names them with TRANSLATE_STANDARDS.
STANDARDS = next(
    (
        folder
        for folder in (
            Path(os.environ.get("TRANSLATE_STANDARDS", REPO.parent / "shared" / "standards")),
            Path("/work/shared/standards"),
        )
        if (folder / "basic.rng").is_file()
    ),
    None,
)
needs_standards = pytest.mark.skipif(
    STANDARDS is None, reason="TBX-Basic schemas not found; set TRANSLATE_STANDARDS to their folder"
)
needs_ttk = pytest.mark.skipif(
    not (TTK / "python").exists(),
    reason="translate-toolkit's venv .venv-ttk is missing; scripts/setup.sh creates it (CI has it)",
)

# Every feature of the term base in a few terms: provisional and missing renderings, forbidden forms,
# English variants and plurals, inflection hints, sense rules, an acronym and an id starting with a digit.
SAMPLE = [
    Term(
        "halk-maslahaty",
        "Halk Maslahaty",
        TermKind.organization,
        variants=("People's Council",),
        note="Never translated.",
        source="official site",
        renderings=(
            Rendering(Language.ru, "Халк Маслахаты", forbidden=("Народный совет",), note="транслитерация"),
            Rendering(Language.tk, "Halk Maslahaty", inflection=Inflection(possessive=True)),
            Rendering(Language.kk, "", Status.missing, note="no official form yet", source="desk"),
        ),
    ),
    Term(
        "ots",
        "OTS",
        TermKind.organization,
        renderings=(
            Rendering(
                Language.ru,
                "ОТГ",
                Status.provisional,
                variants=("О.Т.Г.",),
                inflection=Inflection(indeclinable=True),
            ),
        ),
    ),
    Term(
        "2023-summit",
        "summit",
        plurals=("summits",),
        ignore_case=True,
        when=(r"summit\s+in",),
        renderings=(Rendering(Language.ru, "саммит", inflection=Inflection(forms=(("gen", "саммита"),))),),
    ),
]


def ttk(*args: str, cwd: Path) -> str:
    """Run a translate-toolkit command from its venv, isolated from this project's ``translate``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


# Prints what translate-toolkit's TBX reader makes of a file: per unit its id, source and, per
# language, the terms with their deprecated flag.
TTK_READ = """
import json, sys
from translate.storage import tbx
store = tbx.tbxfile(open(sys.argv[1], "rb"))
print(json.dumps([
    {
        "id": unit.getid(),
        "source": unit.source,
        "terms": {
            lang: [[term.text, term.deprecated] for term in unit.get_target_terms(lang)]
            for lang in ("ru", "tk", "kk", "xx")
        },
        "notes": unit.getnotes(),
    }
    for unit in store.units
]))
"""


def ttk_read(path: Path) -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(
        ttk(str(TTK / "python"), "-I", "-c", TTK_READ, str(path), cwd=path.parent)
    )
    return loaded


# ----------------------------------------------------------------------------------- the standards


@pytest.fixture(scope="module")
def schematron() -> Iterator[Any]:
    """The DCA Schematron as a function from TBX bytes to its failed assertions.

    The schema needs XPath 2 (``matches()``, ``./local-name()``), which lxml's XSLT 1 cannot run: Saxon-HE
    (``saxonche``) runs the ISO skeleton that ships with lxml to compile the schema to XSLT, then runs
    that. The skeleton accepts only the XSLT 1 binding name, so the schema is read with that name; Saxon
    still evaluates its expressions as XPath 3.
    """
    saxonche = pytest.importorskip("saxonche", reason="saxonche (the dev extra) runs the DCA Schematron")
    import lxml.isoschematron

    assert STANDARDS is not None
    skeleton = Path(lxml.isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
    schema = (STANDARDS / "basic_dca.sch").read_text(encoding="utf-8-sig")
    with saxonche.PySaxonProcessor(license=False) as processor:
        xslt = processor.new_xslt30_processor()
        node = processor.parse_xml(xml_text=schema.replace('queryBinding="xslt2"', 'queryBinding="xslt"'))
        for step in ("iso_dsdl_include.xsl", "iso_abstract_expand.xsl", "iso_svrl_for_xslt1.xsl"):
            compiled = xslt.compile_stylesheet(stylesheet_file=str(skeleton / step))
            node = processor.parse_xml(xml_text=compiled.transform_to_string(xdm_node=node))
        validator = xslt.compile_stylesheet(stylesheet_node=node)

        def failures(data: bytes) -> list[str]:
            report = validator.transform_to_string(
                xdm_node=processor.parse_xml(xml_text=data.decode("utf-8"))
            )
            svrl = etree.fromstring(report.encode("utf-8"))
            namespace = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
            return [
                " ".join("".join(failed.itertext()).split())
                for failed in svrl.iterfind(".//svrl:failed-assert", namespace)
            ]

        yield failures


def _relaxng_errors(data: bytes) -> list[str]:
    assert STANDARDS is not None
    grammar = etree.RelaxNG(etree.parse(str(STANDARDS / "basic.rng")))
    grammar.validate(etree.fromstring(data))
    return [f"{error.line}: {error.message}" for error in grammar.error_log]


@needs_standards
@pytest.mark.parametrize("which", ["shipped", "sample"], ids=["shipped-glossary", "every-feature"])
def test_tbx_basic_export_is_valid_relaxng(which: str) -> None:
    terms = list(load_termbase(GLOSSARY)) if which == "shipped" else SAMPLE
    assert _relaxng_errors(to_tbx(terms)) == []


@needs_standards
@pytest.mark.parametrize("which", ["shipped", "sample"], ids=["shipped-glossary", "every-feature"])
def test_tbx_basic_export_passes_the_dca_schematron(which: str, schematron: Any) -> None:
    terms = list(load_termbase(GLOSSARY)) if which == "shipped" else SAMPLE
    assert schematron(to_tbx(terms)) == []


@needs_standards
def test_the_schematron_check_can_fail(schematron: Any) -> None:
    # What the export did before: private data-category types and an empty language section.
    data = to_tbx(SAMPLE).replace(b'type="partOfSpeech"', b'type="x-morphology"', 1)
    assert any("Permitted type value(s)" in failure for failure in schematron(data))
    assert schematron((STANDARDS / "example.tbx").read_bytes()) == []  # type: ignore[operator]


@needs_standards
def test_export_uses_standard_data_categories_only() -> None:
    data = to_tbx(SAMPLE).decode("utf-8")
    assert "x-" not in data.replace("xml:", "")
    assert '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>' in data
    assert '<termNote type="partOfSpeech">noun</termNote>' in data
    assert '<termNote type="termType">acronym</termNote>' in data  # OTS
    assert '<admin type="source">official site</admin>' in data
    assert 'id="_2023-summit"' in data  # an XML ID cannot start with a digit
    assert '<langSec xml:lang="kk">' not in data  # the missing kk rendering has no (empty) section
    assert '"missing": {"kk": {"note": "no official form yet", "source": "desk"}}' in data
    assert '<note>translate-desk: {"inflection": {"possessive": true}}</note>' in data


@pytest.mark.parametrize("format", [ExchangeFormat.tbx_basic, ExchangeFormat.tbx2], ids=["tbx-basic", "tbx2"])
def test_every_feature_round_trips(tmp_path: Path, format: ExchangeFormat) -> None:
    from translate.glossary.termbase import TermBase

    write_exchange(TermBase(tuple(SAMPLE)), tmp_path / "sample.tbx", format)
    assert list(read_exchange(tmp_path / "sample.tbx").terms) == SAMPLE


@needs_standards
def test_the_official_example_is_imported() -> None:
    read = read_exchange(STANDARDS / "example.tbx")  # type: ignore[operator]
    # Six entries are Zulu bibliography records with no English term; the rest come in.
    assert len(read.terms) == 39
    assert read.skipped[0] == "c17: no English term" and len(read.skipped) == 6
    first = read.terms[0]
    assert (first.id, first.en, first.variants) == ("c1", "open cluster", ("galactic cluster",))
    # Wrapped, indented XML text becomes one line; Spanish is not a desk language.
    assert first.note == "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml"
    assert first.renderings == ()


# -------------------------------------------------------------------------------- translate-toolkit


def _ttk_terms(rendering: Rendering) -> list[list[Any]]:
    """The terms translate-toolkit should see for ``rendering``: text, variants, then forbidden (deprecated)."""
    texts = [rendering.text] if rendering.usable else []
    return [
        [text, text in rendering.forbidden] for text in (*texts, *rendering.variants, *rendering.forbidden)
    ]


@needs_ttk
def test_translate_toolkit_reads_the_tbx2_export(tmp_path: Path) -> None:
    base = load_termbase(GLOSSARY)
    path = tmp_path / "glossary.tbx"
    path.write_bytes(to_martif(base))
    units = {unit["id"]: unit for unit in ttk_read(path)}
    assert list(units) == [term.id for term in base]
    expected = {
        term.id: {
            "source": term.en,
            "terms": {
                rendering.language.value: _ttk_terms(rendering)
                for rendering in term.renderings
                if _ttk_terms(rendering)
            },
        }
        for term in base
    }
    got = {
        unit_id: {
            "source": unit["source"],
            "terms": {lang: terms for lang, terms in unit["terms"].items() if terms and lang != "xx"},
        }
        for unit_id, unit in units.items()
    }
    assert got == expected
    assert "People's Council of Turkmenistan" in units["halk-maslahaty"]["notes"]


@needs_ttk
def test_csv2tbx_output_is_imported(tmp_path: Path) -> None:
    (tmp_path / "pairs.csv").write_text(
        "source,target,notes\nCaspian Sea,Каспийское море,a sea\nAktau,Актау,\n", encoding="utf-8"
    )
    ttk(str(TTK / "csv2tbx"), "pairs.csv", "pairs.tbx", cwd=tmp_path)
    read = read_exchange(tmp_path / "pairs.tbx", Language.ru)
    assert read.terms == (
        Term(
            "caspian-sea",
            "Caspian Sea",
            note="a sea",
            renderings=(Rendering(Language.ru, "Каспийское море"),),
        ),
        Term("aktau", "Aktau", renderings=(Rendering(Language.ru, "Актау"),)),
    )
