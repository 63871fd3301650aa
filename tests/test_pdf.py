"""How --pdf drives LibreOffice (tests/test_print.py runs the real one): Thai page numbers through its own format,
and a conversion that fails is said, never passed over."""

import os
import stat
import zipfile
from pathlib import Path

import pytest

from kmsheets.errors import AccessError
from kmsheets.publishers import pdf
from kmsheets.render import render_letter
from test_render import REQUEST, request_letter

STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def test_the_page_number_format_is_read_from_the_letter(tmp_path):
    for thai in (True, False):
        path = tmp_path / f"{thai}.docx"
        path.write_bytes(render_letter(REQUEST, request_letter(), thai_digits=thai))
        assert pdf._thai_page_numbers(path) is thai


def test_page_styles_number_natively_and_the_package_stays_valid(tmp_path):
    odt = tmp_path / "letter.odt"
    styles = (f'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              f'xmlns:style="{STYLE}"><office:automatic-styles>'
              '<style:page-layout style:name="pm1"><style:page-layout-properties style:num-format="1"/>'
              '</style:page-layout><style:page-layout style:name="pm2"><style:page-layout-properties/>'
              '</style:page-layout></office:automatic-styles></office:document-styles>')
    with zipfile.ZipFile(odt, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr("styles.xml", styles)
        package.writestr("content.xml", "<content/>")
    pdf._number_pages_natively(odt)
    with zipfile.ZipFile(odt) as package:
        first = package.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)  # as ODF requires
        assert package.read("content.xml") == b"<content/>"
        written = package.read("styles.xml").decode("utf-8")
    assert written.count('style:num-format="Native Numbering"') == 2 and 'num-format="1"' not in written


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    """A stand-in LibreOffice first on the PATH, running the shell lines given."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def install(script: str) -> None:
        program = folder / "soffice"
        program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)

    return install


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for LibreOffice")
@pytest.mark.parametrize("script", ["echo 'source file could not be loaded' >&2; exit 1",
                                    "exit 0"])  # it may exit 0 having made nothing
def test_a_conversion_that_fails_is_an_access_error_naming_the_letter(tmp_path, soffice, script):
    soffice(script)
    letter = tmp_path / "2569-0012_A03-AG02.docx"
    letter.write_bytes(render_letter(REQUEST, request_letter()))
    with pytest.raises(AccessError) as raised:
        pdf.convert_to_pdf(letter)
    assert raised.value.key == "pdf_failed" and str(letter) in str(raised.value)
    assert ("could not be loaded" in str(raised.value)) is script.startswith("echo")
    assert raised.value.exit_code == 3


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for LibreOffice")
def test_each_conversion_has_a_profile_of_its_own(tmp_path, soffice):
    """So a LibreOffice the user has open, or another run converting at once, cannot make it fail."""
    seen = tmp_path / "profiles.txt"
    soffice(f'echo "$1" >> {seen}; for last; do :; done; '
            'out=""; while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done; '
            f': > "$out/$(basename "$last" .docx).pdf"')
    letter = tmp_path / "letter.docx"
    letter.write_bytes(render_letter(REQUEST, request_letter()))
    for _ in range(2):
        assert pdf.convert_to_pdf(letter) == tmp_path / "letter.pdf"
    first, second = Path(seen).read_text(encoding="utf-8").split()
    assert first.startswith("-env:UserInstallation=file://") and first != second
