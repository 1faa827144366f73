"""The DOCTYPE/entity pre-scan shared by the TBX and TMX readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.errors import CatalogError, GlossaryError
from translate.xmlsafe import refuse_doctype


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
