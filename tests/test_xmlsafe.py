"""The DOCTYPE/entity pre-scan shared by the TBX and TMX readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import CatalogError, GlossaryError
from translate.xmlsafe import MAX_DEPTH, refuse_doctype


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaa">]><t/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE t SYSTEM "t.dtd"><t/>',
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE t><t/>'.encode("utf-16"),
    ],
    ids=["internal-entity", "external-dtd", "utf16"],
)
def test_doctype_is_refused_with_its_line(data: bytes) -> None:
    with pytest.raises(GlossaryError, match=r"x\.tbx:2: has a DOCTYPE or entity declarations, which TBX"):
        refuse_doctype(data, Path("x.tbx"), GlossaryError, "TBX")


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(CatalogError, match=r"x\.tmx:3: is not well-formed XML .*check the TMX file"):
        refuse_doctype(b"<tmx>\n<body>\n</tmx>", Path("x.tmx"), CatalogError, "TMX")


def test_plain_xml_passes() -> None:
    refuse_doctype(
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
        refuse_doctype(data, Path("x.tmx"), CatalogError, "TMX")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000], ids=["just-over", "deep"])
def test_nesting_past_the_bound_is_refused(depth: int) -> None:
    data = b"<tbx>" + b"<a>" * depth + b"</a>" * depth + b"</tbx>"
    with pytest.raises(GlossaryError, match=rf"x\.tbx:1: nests elements more than {MAX_DEPTH} levels deep"):
        refuse_doctype(data, Path("x.tbx"), GlossaryError, "TBX")


def test_nesting_within_the_bound_passes() -> None:
    depth = MAX_DEPTH - 1
    refuse_doctype(b"<a>" * depth + b"</a>" * depth, Path("x.tbx"), GlossaryError, "TBX")
