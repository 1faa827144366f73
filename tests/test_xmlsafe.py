"""The entity pre-scan shared by the TBX and TMX readers: defusedxml's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import CatalogError, GlossaryError
from translate.xmlsafe import MAX_DEPTH, refuse_unsafe_xml


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaa">]><t>&a;</t>',
        b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a SYSTEM "file:///etc/passwd">]><t>&a;</t>',
        b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY % p SYSTEM "http://127.0.0.1/x.dtd"> %p;]><t/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE t SYSTEM "t.dtd" [<!ENTITY a "a">]><t/>',
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE t [<!ENTITY a "a">]><t/>'.encode("utf-16"),
    ],
    ids=["internal-entity", "external-entity", "parameter-entity", "dtd-and-entity", "utf16"],
)
def test_entity_declarations_are_refused_with_their_line(data: bytes) -> None:
    with pytest.raises(GlossaryError, match=r"x\.tbx:2: declares entities \(<!ENTITY …>\), which TBX"):
        refuse_unsafe_xml(data, Path("x.tbx"), GlossaryError, "TBX")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        '<!DOCTYPE tmx PUBLIC "-//LISA//DTD TMX 1.4//EN" "tmx14.dtd">',
        "<!DOCTYPE tmx>",
    ],
    ids=["system", "public", "bare"],
)
def test_a_doctype_naming_the_dtd_is_accepted_and_nothing_is_fetched(doctype: str) -> None:
    data = f'<?xml version="1.0"?>\n{doctype}\n<tmx version="1.4"><body/></tmx>'.encode()
    refuse_unsafe_xml(data, Path("x.tmx"), CatalogError, "TMX")


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(CatalogError, match=r"x\.tmx:3: is not well-formed XML .*check the TMX file"):
        refuse_unsafe_xml(b"<tmx>\n<body>\n</tmx>", Path("x.tmx"), CatalogError, "TMX")


def test_plain_xml_passes() -> None:
    refuse_unsafe_xml(
        b'<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', Path("x.tmx"), CatalogError, "TMX"
    )


@pytest.mark.parametrize(
    "encoding",
    ["UTF-7", "x-no-such-encoding", "cp932"],
    ids=["utf7", "unknown", "multi-byte"],
)
def test_an_encoding_the_reader_cannot_decode_is_one_clear_error(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?>\n<tmx version="1.4"><body/></tmx>'.encode("ascii")
    with pytest.raises(CatalogError, match=r"x\.tmx:1: declares an encoding .*save the TMX file as UTF-8"):
        refuse_unsafe_xml(data, Path("x.tmx"), CatalogError, "TMX")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000], ids=["just-over", "deep"])
def test_nesting_past_the_bound_is_refused(depth: int) -> None:
    data = b"<tbx>" + b"<a>" * depth + b"</a>" * depth + b"</tbx>"
    with pytest.raises(GlossaryError, match=rf"x\.tbx:1: nests elements more than {MAX_DEPTH} levels deep"):
        refuse_unsafe_xml(data, Path("x.tbx"), GlossaryError, "TBX")


def test_nesting_within_the_bound_passes() -> None:
    depth = MAX_DEPTH - 1
    refuse_unsafe_xml(b"<a>" * depth + b"</a>" * depth, Path("x.tbx"), GlossaryError, "TBX")
