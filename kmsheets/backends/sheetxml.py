"""An .xlsx file read and patched at the level of its XML parts, for speed and to change nothing else.

openpyxl builds an object for every cell and style and writes the whole book back; for a province's
10,000-row registry that is seconds per run, and it rewrites parts kmsheets never touched. Here a read
streams each sheet's XML once, and a write splices new cells into the sheet's XML text, leaving every
other byte of the sheet, and every other part of the package, as it was.

Cells come out as openpyxl (data_only=False) would give them after `tables.normalize_cell`, which
`read_table` applies: numbers (a date is its 1900-system serial), formulas as '=...' text, booleans, strings.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

from ..tables import Cell, Merged, column_letter, normalize_cell

DAYS_1904_TO_1900 = 1462
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_A1 = re.compile(r"([A-Z]+)(\d+)")
# For patching: a sheet's <sheetData> is a flat list of <row> elements holding <c> elements, and neither
# nests, so both can be found by pattern and a few spliced, leaving every other byte of the sheet as it was.
_P = rb"(?:\w+:)?"  # any namespace prefix, usually none
# An element's body is runs of text without '<' and tags other than its end tag, each taken whole
# (possessively): sre then moves through a 40 MB sheet a run at a time, not trying the end tag at each byte.
_SHEET_DATA = re.compile(rb"<(?P<p>" + _P + rb")sheetData\b[^>]*?(?:/>|>(?P<body>(?:[^<]++|<(?!/(?P=p)sheetData>))*+)"
                         rb"</(?P=p)sheetData>)")
_ROW = re.compile(rb"<" + _P + rb"row\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>(?:[^<]++|<(?!/" + _P + rb"row>))*+)</"
                  + _P + rb"row>)")
_CELL = re.compile(rb"<" + _P + rb"c\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>(?:[^<]++|<(?!/" + _P + rb"c>))*+)</"
                   + _P + rb"c>)")
_ROW_NUMBER = re.compile(rb'\br=["\'](\d+)["\']')
_CELL_COLUMN = re.compile(rb'\br=["\']([A-Z]+)\d+["\']')
_CELL_START = re.compile(rb"<" + _P + rb'c\b(?:[^>]*?\br=["\']([A-Z]+)\d+["\'])?')
_FORMULA = re.compile(rb"<" + _P + rb"f\b")
_CELL_STYLE = re.compile(rb'\bs=["\'](\d+)["\']')
_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension\b[^>]*?\sref=")([^"]*)(")')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref=["\']([A-Z]+)(\d+):([A-Z]+)(\d+)["\']')


class PackageError(ValueError):
    """The file is a zip, but not a workbook this module can read; its argument is a message key of why."""


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


class Package:
    """The parts of one .xlsx file: which part holds which tab, the shared strings, the date system."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = set(self.zip.namelist())
        book = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): _part_name(rel.get("Target", "")) for rel in rels}
        self.sheets = {e.get("name", ""): targets.get(_relationship_id(e), "") for e in _all(book, "sheet")}
        self.date1904 = any(e.get("date1904") in ("1", "true") for e in _all(book, "workbookPr"))
        strings = next((t for t in targets.values() if t.endswith("sharedStrings.xml")), "")
        self.strings = [_string(si, _namespace(si.tag)) for si in _elements(self._part(strings), "si")]
        self.date_styles = self._date_styles() if self.date1904 else frozenset()

    def read(self, part: str) -> bytes:
        return self.zip.read(part)
    def _part(self, name: str) -> bytes:
        return self.zip.read(name) if name in self.names else b""

    def _date_styles(self) -> frozenset[int]:
        """The cell styles (xf indexes) that show a number as a date: needed only in 1904-based books."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format  # all of openpyxl: 0.1 s to import

        styles = ElementTree.fromstring(self._part("xl/styles.xml") or b"<styleSheet/>")
        formats = dict(BUILTIN_FORMATS)
        formats.update({int(e.get("numFmtId", "0")): e.get("formatCode", "") for e in _all(styles, "numFmt")})
        xfs = next(_all(styles, "cellXfs"), [])
        return frozenset(i for i, xf in enumerate(xfs)
                         if is_date_format(formats.get(int(xf.get("numFmtId", "0")), "")))


def _relationship_id(element: ElementTree.Element) -> str:
    """r:id, in the transitional or the strict relationships namespace."""
    return next((value for name, value in element.attrib.items() if name.endswith("}id")), "")


def _part_name(target: str) -> str:
    """A relationship target of xl/workbook.xml as a name in the zip."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _namespace(tag: str) -> str:
    return tag[:tag.index("}") + 1] if tag.startswith("{") else ""


def _all(root: ElementTree.Element, name: str) -> Iterator[ElementTree.Element]:
    return (e for e in root.iter() if e.tag.rpartition("}")[2] == name)


def _elements(xml: bytes, name: str) -> Iterator[ElementTree.Element]:
    """Each complete `name` element of a large part, parsed as a stream and let go once handed out."""
    if not xml:
        return
    parser = ElementTree.XMLPullParser(events=("end",))
    tag = None
    for start in range(0, len(xml), 1 << 16):
        parser.feed(xml[start:start + (1 << 16)])
        for _, element in parser.read_events():
            # The first element of that local name fixes the namespace: others (mc:, x14:) may come first.
            if tag is None and element.tag.rpartition("}")[2] == name:
                tag = element.tag
            if element.tag == tag:
                yield element
                element.clear()
    parser.close()


def _string(element: ElementTree.Element, ns: str) -> str:
    """The text of a shared or inline string: its <t> runs, without phonetic (<rPh>) runs, and without the
    whitespace a pretty-printing writer puts between elements."""
    if len(element) == 1 and element[0].tag == ns + "t":  # most strings: one plain run
        return element[0].text or ""
    phonetic = {id(t) for rph in element.iter(ns + "rPh") for t in rph.iter(ns + "t")}
    return "".join(t.text or "" for t in element.iter(ns + "t") if id(t) not in phonetic)


def read_grid(package: Package, part: str) -> list[list[Cell]]:
    """A sheet's cells as rows of values; row i of the list is sheet row i + 1."""
    return read_sheet(package, part)[0]


def read_sheet(package: Package, part: str, texts: dict[str, str] | None = None) -> tuple[list[list[Cell]],
                                                                                           list[Merged]]:
    """A sheet's cells as rows of values (row i of the list is sheet row i + 1), and its merged ranges.

    Cells holding the same text hold one str object, the one in `texts` (pass one dict for every tab of a
    workbook). Shared strings are so already; inline ones, which kmsheets writes for flags and notes and
    some programs for every cell, would otherwise be a copy per cell: 50,000 of one status or place.
    """
    texts = {} if texts is None else texts
    xml = package.read(part)
    grid: list[list[Cell]] = []
    shared_formulas: dict[str, str] = {}
    ns = None
    number = 0
    for row in _elements(xml, "row"):
        if ns is None:
            ns = _namespace(row.tag)
            tags = (ns, ns + "f", ns + "is", ns + "v")
        number = int(row.get("r") or number + 1)
        grid.extend([] for _ in range(number - len(grid)))
        cells = grid[number - 1]
        column = -1
        for cell in row:
            column = _column(cell.get("r"), column)
            if not len(cell):  # a styled empty cell
                continue
            value = _cell_value(cell, tags, package, shared_formulas)
            if value is not None:
                cells.extend([None] * (column + 1 - len(cells)))
                cells[column] = texts.setdefault(value, value) if type(value) is str else value
    return grid, _merged_ranges(xml)


def _merged_ranges(xml: bytes) -> list[Merged]:
    """The sheet's <mergeCell ref="B2:C3"/> ranges; they follow <sheetData>, so only its end is searched."""
    merged = []
    for found in _MERGE_CELL.finditer(xml, max(xml.rfind(b"sheetData>"), 0)):
        first_column, first_row, last_column, last_row = (part.decode("ascii") for part in found.groups())
        merged.append(Merged(int(first_row), int(last_row), column_index(first_column), column_index(last_column)))
    return merged


_COLUMNS: dict[str, int] = {}
_letters = functools.lru_cache(maxsize=None)(column_letter)  # a patch names a few columns 100,000 times


def _column(reference: str | None, previous: int) -> int:
    """The 0-based column of a cell reference like 'AB12'; without one, the column after `previous`."""
    if reference is None:
        return previous + 1
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is None:
        column = _COLUMNS[letters] = column_index(letters)
    return column


def _cell_value(cell: ElementTree.Element, tags: tuple[str, str, str, str], package: Package,
                shared_formulas: dict[str, str]) -> Cell:
    ns, formula_tag, inline_tag, value_tag = tags
    first = cell[0]
    if first.tag == formula_tag:
        text, index = first.text or "", first.get("si")
        if index is not None and text:
            shared_formulas[index] = text
        elif index is not None:
            text = shared_formulas.get(index, "")
        return "=" + text
    if first.tag == inline_tag:
        return _string(first, ns)
    raw = first.text if first.tag == value_tag else cell.findtext(value_tag)
    if raw is None:
        return None
    kind = cell.get("t", "n")
    if kind == "s":
        return package.strings[int(raw)]
    if kind == "b":
        return raw == "1"
    if kind in ("str", "e"):
        return raw
    if kind == "d":
        return normalize_cell(dt.datetime.fromisoformat(raw))
    number = float(raw)
    if package.date1904 and int(cell.get("s", "0")) in package.date_styles:
        number += DAYS_1904_TO_1900
    return number


def _rows(xml: bytes, start: int, end: int) -> Iterator[tuple[int, re.Match]]:
    """Each <row> of xml[start:end] with its 1-based number (`r` may be left out: then it is the next)."""
    number = 0
    for match in _ROW.finditer(xml, start, end):
        reference = _ROW_NUMBER.search(match.group("attrs"))
        number = int(reference.group(1)) if reference else number + 1
        yield number, match


def _cells(row_body: bytes) -> Iterator[tuple[int, re.Match]]:
    """Each <c> of a row body with its 0-based column."""
    column = -1
    for match in _CELL.finditer(row_body):
        reference = _CELL_COLUMN.search(match.group("attrs"))
        column = _column(reference.group(1).decode("ascii") if reference else None, column)
        yield column, match


@dataclass(frozen=True)
class Patched:
    xml: bytearray  # the sheet's XML, bytes-like
    removed_formulas: bool  # a cell that held a formula now holds a value: calcChain must go


def patch_sheet(xml: bytes, values: Mapping[tuple[int, int], Cell],
                styled_like: Mapping[int, int] | None = None) -> Patched:
    """The sheet with each (row, column) cell (1-based row, 0-based column) set to its value as text; see
    `patch_into`."""
    out = bytearray()
    removed = patch_into(out.extend, xml, values, styled_like)
    return Patched(out, removed)


Write = Callable[[bytes | memoryview], object]  # where a patched sheet goes, a piece at a time


def patch_into(write: Write, xml: bytes, values: Mapping[tuple[int, int], Cell],
               styled_like: Mapping[int, int] | None = None) -> bool:
    """`write` the sheet with each (row, column) cell (1-based row, 0-based column) set to its value as text;
    return whether a cell that held a formula now holds a value.

    Only the cells named change; every other byte of the sheet stays. A cell keeps its style; a cell that
    did not exist takes the style of the same column in row `styled_like[row]`, when given (appended rows
    look like the row above them).

    The sheet stays bytes, and what is kept of it is written as views of it: a 40 MB sheet is not copied
    again for every step (decoding, cutting out the rows, splicing them, joining, encoding), nor held whole
    once patched when `write` is a package entry's.
    """
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise PackageError("xlsx_no_sheet_data")
    prefix = data.group("p").decode("ascii")
    body_start, body_end = (data.span("body") if data.group("body") is not None else (data.end(), data.end()))
    by_row: dict[int, dict[int, Cell]] = {}
    for (row, column), value in values.items():
        by_row.setdefault(row, {})[column] = value
    styled_like = styled_like or {}
    sources = set(styled_like.values())
    styles: dict[int, dict[int, str]] = {}
    pending = sorted(by_row, reverse=True)  # rows still to write, the next one last
    view = memoryview(xml)
    head = xml[:data.start()]
    if values:
        head = _DIMENSION.sub(lambda m: m.group(1) + _grown(m.group(2).decode("ascii"), values).encode("ascii")
                              + m.group(3), head, count=1)
    write(head)
    write(f"<{prefix}sheetData>".encode("ascii"))
    kept_from = body_start
    removed_formulas = False

    def new_row(number: int) -> bytes:
        row_styles = styles.get(styled_like.get(number, 0), {})
        cells = "".join(_cell_xml(prefix, number, column, value, row_styles.get(column))
                        for column, value in sorted(by_row[number].items()))
        return f'<{prefix}row r="{number}">{cells}</{prefix}row>'.encode("utf-8")

    for number, row in _rows(xml, body_start, body_end):
        if pending and pending[-1] < number:  # new rows that go before this one
            write(view[kept_from:row.start()])
            kept_from = row.start()
            while pending and pending[-1] < number:
                write(new_row(pending.pop()))
        if number in sources:
            styles[number] = {column: style.group(1).decode("ascii") for column, cell in _cells(row.group("body") or b"")
                              if (style := _CELL_STYLE.search(cell.group("attrs")))}
        if pending and pending[-1] == number:
            pending.pop()
            write(view[kept_from:row.start()])
            removed_formulas |= _splice_row(write, view, prefix, number, row, by_row[number],
                                            styles.get(styled_like.get(number, 0), {}))
            kept_from = row.end()
    write(view[kept_from:body_end])
    for number in reversed(pending):
        write(new_row(number))
    write(f"</{prefix}sheetData>".encode("ascii"))
    write(view[data.end():])
    return removed_formulas


def _splice_row(write: Callable[[bytes | memoryview], None], view: memoryview, prefix: str, number: int,
                row: re.Match, values: Mapping[int, Cell], styles: Mapping[int, str]) -> bool:
    """`write` one existing row with some cells replaced or added in column order, the others kept as
    they are; whether a formula was overwritten."""
    body = row.group("body") or b""
    edits = _edits_found_directly(prefix, number, body, values, styles)
    if edits is None:
        edits = _edits_by_scanning(prefix, number, body, values, styles)
    # `spans` is only a hint for readers, and would be wrong once cells are added: drop it.
    write(b"<%srow%s>" % (prefix.encode("ascii"), _SPANS.sub(b"", row.group("attrs")).rstrip(b"/ ")))
    offset = row.start("body") if row.group("body") is not None else row.end()
    kept_from = 0
    removed_formulas = False
    for start, end, _, xml in sorted(edits):
        removed_formulas |= start < end and bool(_FORMULA.search(body, start, end))  # a cell replaced, not added
        write(view[offset + kept_from:offset + start])
        write(xml.encode("utf-8"))
        kept_from = end
    write(view[offset + kept_from:offset + len(body)])
    write(f"</{prefix}row>".encode("ascii"))
    return removed_formulas


Edit = tuple[int, int, int, str]  # replace body[start:end] (an empty span: insert) with the column's XML


def _edits_found_directly(prefix: str, number: int, body: bytes, values: Mapping[int, Cell],
                          styles: Mapping[int, str]) -> list[Edit] | None:
    """The edits, found by searching for each cell's reference; None when that is not enough to be sure.

    kmsheets' own columns (flag, note) are usually the last ones, so a cell is either found by its
    reference or goes after the row's last cell. Rows whose cells lack references, or new cells that
    would go between others, are left to the scan.
    """
    last = _last_cell_start(body, prefix)
    tail = _CELL_START.match(body, last) if last >= 0 else None
    last_column = (_column(tail.group(1).decode("ascii"), -1) if tail and tail.group(1)
                   else (-1 if last < 0 else None))
    edits = []
    for column, value in values.items():
        at = body.find(f' r="{_letters(column)}{number}"'.encode("ascii"))
        if at >= 0:
            cell = _CELL.match(body, body.rfind(b"<", 0, at))
            if cell is None:
                return None
            style = _CELL_STYLE.search(cell.group("attrs"))
            edits.append((cell.start(), cell.end(), column,
                          _cell_xml(prefix, number, column, value, style.group(1).decode("ascii") if style else None)))
        elif last_column is not None and column > last_column:
            edits.append((len(body), len(body), column,
                          _cell_xml(prefix, number, column, value, styles.get(column))))
        else:
            return None
    return edits


def _last_cell_start(body: bytes, prefix: str) -> int:
    """Where the row's last <c> starts, or -1."""
    opening, end = f"<{prefix}c".encode("ascii"), len(body)
    while (end := body.rfind(opening, 0, end)) >= 0:
        if body[end + len(opening):end + len(opening) + 1] in (b" ", b">", b"/", b"\n", b"\r", b"\t"):
            return end
    return -1


def _edits_by_scanning(prefix: str, number: int, body: bytes, values: Mapping[int, Cell],
                       styles: Mapping[int, str]) -> list[Edit]:
    edits = []
    todo = sorted(values, reverse=True)
    for column, cell in _cells(body):
        while todo and todo[-1] < column:
            new = todo.pop()
            edits.append((cell.start(), cell.start(), new,
                          _cell_xml(prefix, number, new, values[new], styles.get(new))))
        if todo and todo[-1] == column:
            todo.pop()
            style = _CELL_STYLE.search(cell.group("attrs"))
            edits.append((cell.start(), cell.end(), column,
                          _cell_xml(prefix, number, column, values[column],
                                    style.group(1).decode("ascii") if style else None)))
    edits += [(len(body), len(body), column, _cell_xml(prefix, number, column, values[column], styles.get(column)))
              for column in reversed(todo)]
    return edits


def _cell_xml(prefix: str, number: int, column: int, value: Cell, style: str | None) -> str:
    # Always an inline string: what a person typed must never turn into a formula or a number.
    head = f'<{prefix}c r="{_letters(column)}{number}"' + (f' s="{style}"' if style else "")
    if value is None or value == "":
        return head + "/>"
    content = _ILLEGAL.sub("", str(value)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f'{head} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">{content}'
            f"</{prefix}t></{prefix}is></{prefix}c>")


def restyle_row(xml: str, number: int, restyle: Callable[[int, int], int]) -> str:
    """The sheet with each cell of row `number` given the style `restyle(column, style)` (0-based column,
    its style now, 0 for none); values and every other byte stay as they were."""
    data = _SHEET_DATA.search(xml.encode("utf-8"))
    if data is None:
        raise PackageError("xlsx_no_sheet_data")
    sheet = data.string
    body_start, body_end = (data.span("body") if data.group("body") is not None else (data.end(), data.end()))
    for found, row in _rows(sheet, body_start, body_end):
        cells = row.group("body")
        if found != number or cells is None:
            continue
        pieces, kept_from = [], 0
        for column, cell in _cells(cells):
            attrs = cell.group("attrs")
            style = _CELL_STYLE.search(attrs)
            wanted = restyle(column, int(style.group(1)) if style else 0)
            pieces += [cells[kept_from:cell.start("attrs")],
                       _CELL_STYLE.sub(b's="%d"' % wanted, attrs, count=1) if style else b'%s s="%d"' % (attrs, wanted)]
            kept_from = cell.end("attrs")
        pieces.append(cells[kept_from:])
        return (sheet[:row.start("body")] + b"".join(pieces) + sheet[row.end("body"):]).decode("utf-8")
    return xml


def _grown(ref: str, values: Mapping[tuple[int, int], Cell]) -> str:
    last_row = max(row for row, _ in values)
    last_column = max(column for _, column in values)
    match = _A1.fullmatch(ref.rpartition(":")[2])
    if match:
        last_row = max(last_row, int(match.group(2)))
        last_column = max(last_column, column_index(match.group(1)))
    return f"A1:{column_letter(last_column)}{last_row}"


Patch = Callable[[Write], bool]  # writes a part, patched; says whether it overwrote a formula (see patch_into)


def rebuild(original: bytes, replaced: Mapping[str, bytes | bytearray | Patch], *,
            drop_calc_chain: bool = False) -> bytes:
    """The package with some parts replaced (or added, when new); every other part copied as it was.

    A part given as a Patch is patched as it goes into the package, one at a time, none held whole.

    When a formula cell was overwritten, Excel's calculation chain would name a formula that is gone and
    Excel would call the file damaged, so the chain is dropped (Excel rebuilds it on open). A Patch finds
    that out as it writes, perhaps after the parts that name the chain: then the package is made again,
    without it (kmsheets writes into its own columns, which hardly ever hold a formula).
    """
    source = zipfile.ZipFile(io.BytesIO(original))
    out = io.BytesIO()
    removed_formulas = False
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            name = info.filename
            if drop_calc_chain and name == "xl/calcChain.xml":
                continue
            data = replaced.get(name)
            if callable(data):
                removed_formulas |= _write_patched(target, name, data)
                continue
            if data is None:
                data = source.read(name)
                if drop_calc_chain and name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                    data = re.sub(rb"<(?:Override|Relationship)\b[^>]*calcChain[^>]*/>", b"", data)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        for name in sorted(set(replaced) - set(source.namelist())):
            data = replaced[name]
            if callable(data):
                removed_formulas |= _write_patched(target, name, data)
            else:
                target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    if removed_formulas and not drop_calc_chain:
        return rebuild(original, replaced, drop_calc_chain=True)
    return out.getvalue()


def _write_patched(target: zipfile.ZipFile, name: str, patch: Patch) -> bool:
    """The patched part into the package as it is made, compressed as the package's other parts (opened by
    name, the entry takes the package's compression level, and the zip format's first date, 1980-01-01, as
    Excel gives every part); whether it overwrote a formula."""
    with target.open(name, "w") as entry, io.BufferedWriter(entry, 1 << 18) as buffered:
        return patch(buffered.write)  # a patch writes in small pieces: the zip entry gets them by the 256 KB
