"""`kmsheets format` in an .xlsx file, done on the XML of its parts like every other .xlsx write (sheetxml):
the styles, each tab's sheet XML, its comments and their drawing; every other byte and part stays.

openpyxl would load and save the whole book and drop what it does not model: the extension lists where
Excel keeps a drop-down from another tab or a data bar, drawings, form controls. Here each change is
spliced in:
- styles.xml: a bold copy of each header cell's style (filled too on kmsheets' own columns) and one
  differential format per flag colour, each added once and found again by its XML on later runs;
- each sheet: the frozen header row, column widths, the header cells' styles, kmsheets' conditional
  formats and data validations, and a comment on the header of each of kmsheets' own columns.
kmsheets' own rules carry a mark (format.MARK): a conditional format's formula, a data validation's
errorTitle, a comment's author, a comment shape's alt text. Each run removes them and writes them again
after the team's own, which stay. A cell holds one data validation, so a team's rule over a column
kmsheets validates gives those cells up, as setting a rule in Google Sheets replaces one.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence
from xml.sax.saxutils import escape, unescape

from ..formatplan import COLOUR_RGB, MARK, OWNED_RGB, FormatPlan, TabPlan, colour_formula, is_ours, reference
from ..tables import Cell, column_letter
from .sheetxml import Package, column_index, read_grid, restyle_row

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS = RELATIONSHIPS + "/comments"
VML = RELATIONSHIPS + "/vmlDrawing"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
LAST_ROW = 1048576
# The children of <worksheet> and of <styleSheet>, in the order the schema requires
SHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
               "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
               "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
               "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
               "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
               "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
               "tableParts", "extLst")
STYLE_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
               "tableStyles", "colors", "extLst")


@functools.cache
def _element(tag: str, prefix: str) -> re.Pattern:
    """An element with no element of its own name inside it: <tag .../> or <tag ...>...</tag>."""
    return re.compile(rf"<{prefix}{tag}\b(?P<attrs>[^>]*?)(?:/>|>(?P<body>.*?)</{prefix}{tag}>)", re.DOTALL)


_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_PREFIX = re.compile(r"<(\w+:)?(?:worksheet|styleSheet|comments)\b")
_REF = re.compile(r"\$?([A-Z]*)\$?(\d*)")


def _prefix(xml: str) -> str:
    found = _PREFIX.search(xml)
    return found.group(1) or "" if found else ""


def _attribute(element: str, name: str) -> str | None:
    """An attribute of an element's start tag, unescaped."""
    start = element[:element.index(">") + 1]
    found = re.search(rf'\s{re.escape(name)}="([^"]*)"', start)
    return unescape(found.group(1), {"&quot;": '"'}) if found else None


def _with_attributes(element: str, **values: str) -> str:
    """The element with these attributes set in its start tag (added at its end when new)."""
    end = element.index(">")
    end -= element[end - 1] == "/"
    start, rest = element[:end], element[end:]
    for name, value in values.items():
        quoted = escape(value, {'"': "&quot;"})
        pattern = re.compile(rf'(\s{re.escape(name)}=")[^"]*(")')
        start = pattern.sub(lambda m: m.group(1) + quoted + m.group(2), start, count=1) if pattern.search(start) \
            else f'{start} {name}="{quoted}"'
    return start + rest


def _insert(region: str, prefix: str, tag: str, xml: str, order: Sequence[str]) -> str:
    """`region` with `xml` put where the schema orders <tag>: after the last one there, else before the
    first element that must follow it, else at the end."""
    last = None
    for last in _element(tag, prefix).finditer(region):
        pass
    if last is not None:
        return region[:last.end()] + xml + region[last.end():]
    later = set(order[order.index(tag) + 1:])
    for start in re.finditer(rf"<{prefix}(\w+)\b", region):
        if start.group(1) in later:
            return region[:start.start()] + xml + region[start.start():]
    return region + xml


def _place(region: str, prefix: str, tag: str, xml: str, order: Sequence[str]) -> str:
    """`region` with its one <tag> element replaced by `xml` ('' removes it), or `xml` inserted."""
    found = _element(tag, prefix).search(region)
    if found:
        return region[:found.start()] + xml + region[found.end():]
    return _insert(region, prefix, tag, xml, order) if xml else region


# --- styles.xml: bold and filled copies of cell styles, and differential formats for the flag colours

class Styles:
    def __init__(self, xml: str) -> None:
        self.xml = xml
        self.prefix = _prefix(xml)

    def items(self, container: str, child: str) -> list[str]:
        found = _element(container, self.prefix).search(self.xml)
        return [m.group(0) for m in _element(child, self.prefix).finditer(found.group("body") or "")] if found else []

    def add(self, container: str, child: str, xml: str) -> int:
        """The index of an identical `child` of `container`, or of `xml` added as the last one."""
        items = self.items(container, child)
        if xml in items:
            return items.index(xml)
        p = self.prefix
        found = _element(container, p).search(self.xml)
        if found is None:
            self.xml = _insert(self.xml, p, container, f"<{p}{container}/>", STYLE_ORDER)
            found = _element(container, p).search(self.xml)
        start = _with_attributes(f"<{p}{container}{found.group('attrs')}>", count=str(len(items) + 1))
        self.xml = (self.xml[:found.start()] + start + (found.group("body") or "") + xml + f"</{p}{container}>"
                    + self.xml[found.end():])
        return len(items)

    def bold(self, style: int) -> int:
        """A cell style like `style` whose font is bold."""
        xf = self._xf(style)
        font = self.items("fonts", "font")[int(_attribute(xf, "fontId") or 0)]
        if re.search(rf'<{self.prefix}b(?:\s+val="(?:1|true)")?\s*/>', font):
            return style
        p = self.prefix
        plain = re.sub(rf"<{p}b\b[^>]*/>", "", font)
        bold = plain.replace(f"<{p}font/>", f"<{p}font></{p}font>", 1)
        bold = re.sub(rf"(<{p}font\b[^>]*>)", rf"\1<{p}b/>", bold, count=1)
        return self.add("cellXfs", "xf", _with_attributes(xf, fontId=str(self.add("fonts", "font", bold)),
                                                         applyFont="1"))

    def filled(self, style: int, rgb: str) -> int:
        """A cell style like `style` with a solid background of `rgb`."""
        p = self.prefix
        fill = self.add("fills", "fill", f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="FF{rgb}"/>'
                                         f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')
        xf = self._xf(style)
        if _attribute(xf, "fillId") == str(fill):
            return style
        return self.add("cellXfs", "xf", _with_attributes(xf, fillId=str(fill), applyFill="1"))

    def background(self, rgb: str) -> int:
        """The differential format (for a conditional format) that fills a cell with `rgb`."""
        p = self.prefix
        return self.add("dxfs", "dxf", f'<{p}dxf><{p}fill><{p}patternFill><{p}bgColor rgb="FF{rgb}"/></{p}patternFill>'
                                       f"</{p}fill></{p}dxf>")

    def _xf(self, style: int) -> str:
        xfs = self.items("cellXfs", "xf")
        return xfs[style] if style < len(xfs) else xfs[0]


# --- a sheet: three pieces, so that no edit searches the (large) cell data

@dataclass
class Sheet:
    prefix: str
    head: str  # up to <sheetData>
    data: str  # the <sheetData> element
    tail: str  # after it, up to the extension list
    end: str  # the extension list (other programs' extensions, left alone) and </worksheet>

    @classmethod
    def of(cls, xml: str) -> "Sheet":
        p = _prefix(xml)
        data = re.search(rf"<{p}sheetData\b[^>]*?(?:/>|>.*?</{p}sheetData>)", xml, re.DOTALL)
        if data is None:
            raise ValueError("a sheet without <sheetData>")
        rest = xml[data.end():]
        cut = rest.find(f"<{p}extLst")
        cut = cut if cut >= 0 else rest.rfind(f"</{p}worksheet>")
        return cls(p, xml[:data.start()], data.group(0), rest[:cut], rest[cut:])

    @property
    def xml(self) -> str:
        return self.head + self.data + self.tail + self.end

    def frozen_header(self) -> None:
        """The first row frozen, in every view of the sheet (columns a person froze stay frozen)."""
        p = self.prefix
        views = _element("sheetViews", p).search(self.head)
        if views is None:
            self.head = _place(self.head, p, "sheetViews", f'<{p}sheetViews><{p}sheetView workbookViewId="0">'
                               f"{self._pane(None)}</{p}sheetView></{p}sheetViews>", SHEET_ORDER)
            return
        body = _element("sheetView", p).sub(lambda view: self._frozen_view(view.group(0)), views.group("body") or "")
        self.head = (self.head[:views.start()] + f"<{p}sheetViews{views.group('attrs')}>{body}</{p}sheetViews>"
                     + self.head[views.end():])

    def _frozen_view(self, view: str) -> str:
        p = self.prefix
        pane = _element("pane", p).search(view)
        wanted = self._pane(pane.group(0) if pane else None)
        if pane is not None and wanted.startswith(pane.group(0)):
            return view  # frozen so already: the selection stays as the person left it
        start = re.match(rf"<{p}sheetView\b[^>]*?(?=/?>)", view).group(0)
        inner = _element("selection", p).sub("", _element("pane", p).sub("", view[len(start):]))
        inner = inner[2:] + f"</{p}sheetView>" if inner.startswith("/>") else inner[1:]
        return f"{start}>{wanted}{inner}"

    def _pane(self, pane: str | None) -> str:
        p = self.prefix
        columns = int(float(_attribute(pane, "xSplit") or 0)) if pane and "frozen" in (_attribute(pane, "state") or "") \
            else 0
        x_split = f' xSplit="{columns}"' if columns else ""
        corner, cell = ("bottomRight" if columns else "bottomLeft"), f"{column_letter(columns)}2"
        return (f'<{p}pane{x_split} ySplit="1" topLeftCell="{cell}" activePane="{corner}" state="frozen"/>'
                f'<{p}selection pane="{corner}" activeCell="{cell}" sqref="{cell}"/>')

    def widths(self, widths: Sequence[tuple[int, int]]) -> None:
        """Each (column, pixels) width set, other columns' settings kept; a span of columns is split."""
        p = self.prefix
        found = _element("cols", p).search(self.head)
        cols = [dict(_ATTRIBUTE.findall(m.group("attrs"))) for m in
                _element("col", p).finditer(found.group("body") or "")] if found else []
        for column, pixels in widths:
            number = column + 1
            at = next((c for c in cols if int(c["min"]) <= number <= int(c["max"])), None)
            if at is None:
                cols.append({"min": str(number), "max": str(number)})
                at = cols[-1]
            elif at["min"] != at["max"]:
                low, high = int(at["min"]), int(at["max"])
                cols.remove(at)
                cols += [{**at, "min": str(low), "max": str(number - 1)}] if low < number else []
                cols += [{**at, "min": str(number + 1), "max": str(high)}] if number < high else []
                at = {**at, "min": str(number), "max": str(number)}
                cols.append(at)
            at.update(width=_excel_width(pixels), customWidth="1")
        cols.sort(key=lambda c: int(c["min"]))
        body = "".join(f"<{p}col " + " ".join(f'{k}="{v}"' for k, v in c.items()) + "/>" for c in cols)
        attrs = found.group("attrs") if found else ""
        self.head = _place(self.head, p, "cols", f"<{p}cols{attrs}>{body}</{p}cols>", SHEET_ORDER)

    def header_styles(self, restyle: Callable[[int, int], int]) -> None:
        self.data = restyle_row(self.data, 1, restyle)

    def without_our_conditional_formats(self) -> int:
        """Remove kmsheets' conditional formats; how many there were."""
        p = self.prefix
        removed = 0

        def without_ours(element: re.Match) -> str:
            nonlocal removed
            body = element.group("body") or ""
            ours = [rule.group(0) for rule in _element("cfRule", p).finditer(body) if _is_ours_rule(rule.group(0), p)]
            if not ours:
                return element.group(0)
            removed += len(ours)
            for rule in ours:
                body = body.replace(rule, "", 1)
            return f"<{p}conditionalFormatting{element.group('attrs')}>{body}</{p}conditionalFormatting>" \
                if _element("cfRule", p).search(body) else ""

        self.tail = _element("conditionalFormatting", p).sub(without_ours, self.tail)
        return removed

    def next_priority(self) -> int:
        """The priority after every conditional format's in the sheet (the team's come first)."""
        return max((int(n) for n in re.findall(r'\bpriority="(\d+)"', self.tail + self.end)), default=0) + 1

    def add_conditional_formats(self, xml: str) -> None:
        if xml:
            self.tail = _insert(self.tail, self.prefix, "conditionalFormatting", xml, SHEET_ORDER)

    def data_validations(self, rules: Sequence[str], columns: Sequence[int]) -> int:
        """kmsheets' data validations replaced by `rules`; the team's give up the cells of `columns` below
        the header. How many of kmsheets' were there."""
        p = self.prefix
        found = _element("dataValidations", p).search(self.tail)
        existing = [m.group(0) for m in _element("dataValidation", p).finditer(found.group("body") or "")] if found \
            else []
        taken = [(2, column, LAST_ROW, column) for column in columns]
        kept = []
        for rule in existing:
            if _attribute(rule, "errorTitle") == MARK:
                continue
            sqref = _attribute(rule, "sqref") or ""
            left = _without(sqref, taken)
            if left:
                kept.append(rule if left == sqref else _with_attributes(rule, sqref=left))
        everything = kept + list(rules)
        start = _with_attributes(f"<{p}dataValidations{found.group('attrs') if found else ''}>",
                                 count=str(len(everything)))
        xml = f"{start}{''.join(everything)}</{p}dataValidations>" if everything else ""
        self.tail = _place(self.tail, p, "dataValidations", xml, SHEET_ORDER)
        return sum(_attribute(rule, "errorTitle") == MARK for rule in existing)

    def drawn_by(self, relationship: str) -> None:
        """The sheet's comments drawn by the VML part of `relationship` (<legacyDrawing>)."""
        p = self.prefix
        self.tail = _place(self.tail, p, "legacyDrawing", f'<{p}legacyDrawing r:id="{relationship}"/>', SHEET_ORDER)
        root = re.search(r"<(?:\w+:)?worksheet\b[^>]*>", self.head)
        if root and "xmlns:r=" not in root.group(0):
            self.head = self.head[:root.start()] + root.group(0).replace("worksheet", f'worksheet xmlns:r="{RELATIONSHIPS}"', 1) \
                + self.head[root.end():]

    def ours(self) -> int:
        """kmsheets' own conditional formats and data validations in the sheet."""
        p = self.prefix
        rules = [m.group(0) for m in _element("cfRule", p).finditer(self.tail)]
        checks = [m.group(0) for m in _element("dataValidation", p).finditer(self.tail)]
        return sum(_is_ours_rule(rule, p) for rule in rules) + sum(_attribute(c, "errorTitle") == MARK for c in checks)


def _is_ours_rule(rule: str, prefix: str) -> bool:
    formula = re.search(rf"<{prefix}formula>(.*?)</{prefix}formula>", rule, re.DOTALL)
    return bool(formula and is_ours(unescape(formula.group(1), {"&quot;": '"'})))


def _excel_width(pixels: int) -> str:
    """Pixels as Excel's column width: characters of the default font's widest digit (7 px), plus padding."""
    return f"{round((pixels - 5) / 7, 2):g}"


# --- sqref arithmetic: the team's validation ranges less the columns kmsheets validates

Rect = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based rows, 0-based columns)


def _rects(sqref: str) -> list[Rect]:
    rects = []
    for ref in sqref.split():
        first, _, last = ref.partition(":")
        (c1, r1), (c2, r2) = _REF.fullmatch(first).groups(), _REF.fullmatch(last or first).groups()
        rects.append((int(r1 or 1), column_index(c1) if c1 else 0, int(r2 or LAST_ROW),
                      column_index(c2) if c2 else 16383))
    return rects


def _without(sqref: str, taken: Sequence[Rect]) -> str:
    """`sqref` less the `taken` rectangles, as an sqref ('' when nothing is left); unchanged when apart."""
    rects = _rects(sqref)
    left = rects
    for cut in taken:
        left = [piece for rect in left for piece in _cut(rect, cut)]
    if left == rects:
        return sqref
    return " ".join(_ref(rect) for rect in left)


def _cut(rect: Rect, cut: Rect) -> list[Rect]:
    r1, c1, r2, c2 = rect
    k1, d1, k2, d2 = cut
    if k1 > r2 or k2 < r1 or d1 > c2 or d2 < c1:
        return [rect]
    top, bottom = max(r1, k1), min(r2, k2)
    pieces = [(r1, c1, k1 - 1, c2)] if r1 < k1 else []
    pieces += [(k2 + 1, c1, r2, c2)] if k2 < r2 else []
    pieces += [(top, c1, bottom, d1 - 1)] if c1 < d1 else []
    pieces += [(top, d2 + 1, bottom, c2)] if d2 < c2 else []
    return pieces


def _ref(rect: Rect) -> str:
    r1, c1, r2, c2 = rect
    first, last = f"{column_letter(c1)}{r1}", f"{column_letter(c2)}{r2}"
    return first if first == last else f"{first}:{last}"


# --- what kmsheets adds to a sheet

def colour_rules(tab: TabPlan, styles: Styles, prefix: str, priority: int) -> str:
    """One conditional format per flag colour, from `priority` on."""
    rules = []
    for number, colour in enumerate(tab.colours):
        letter = column_letter(colour.column)
        formula = escape(colour_formula(f"{letter}2", colour.texts))
        rules.append(f'<{prefix}conditionalFormatting sqref="{letter}2:{letter}{LAST_ROW}">'
                     f'<{prefix}cfRule type="expression" dxfId="{styles.background(COLOUR_RGB[colour.colour])}" '
                     f'priority="{priority + number}"><{prefix}formula>{formula}</{prefix}formula></{prefix}cfRule>'
                     f"</{prefix}conditionalFormatting>")
    return "".join(rules)


def validation_rules(tab: TabPlan, plan: FormatPlan, prefix: str) -> list[str]:
    def rule(column: int, kind: str, formula: str, error: str, extra: str = "") -> str:
        letter = column_letter(column)
        return (f'<{prefix}dataValidation type="{kind}"{extra} allowBlank="1" showErrorMessage="1" '
                f'errorTitle="{MARK}" error="{escape(error, {chr(34): "&quot;"})}" sqref="{letter}2:{letter}{LAST_ROW}">'
                f"<{prefix}formula1>{escape(formula)}</{prefix}formula1></{prefix}dataValidation>")

    rules = []
    for choice in tab.choices:
        if choice.source is None:
            rules.append(rule(choice.column, "list", '"' + ",".join(choice.values) + '"', plan.texts.choice))
        else:
            rules.append(rule(choice.column, "list", reference(choice.source, LAST_ROW), plan.texts.agency))
    rules += [rule(column, "date", "1", plan.texts.date, ' operator="greaterThanOrEqual" errorStyle="warning"')
              for column in tab.dates]
    return rules


# --- comments on kmsheets' own header cells: the comments part and its legacy (VML) drawing

@dataclass
class Parts:
    """The package's parts as this run changes them: read through it, write into it."""

    package: Package
    changed: dict[str, bytes]

    def text(self, name: str) -> str | None:
        if name in self.changed:
            return self.changed[name].decode("utf-8")
        return self.package.read(name).decode("utf-8") if name in self.package.names else None

    def write(self, name: str, text: str) -> None:
        if text != self.text(name):
            self.changed[name] = text.encode("utf-8")


def _relationships_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels"


def _relationships(xml: str | None) -> list[dict[str, str]]:
    return [dict(_ATTRIBUTE.findall(m.group(0))) for m in re.finditer(r"<Relationship\b[^>]*/>", xml or "")]


def _target(part: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def comment_parts(parts: Parts, part: str, sheet: Sheet, owned: Sequence[int], text: str) -> int:
    """A comment saying `text` on the header of each `owned` column (but where the team has one), in the
    sheet's comments part and its drawing, made when missing; how many of kmsheets' comments were there."""
    rels_name = _relationships_part(part)
    rels = _relationships(parts.text(rels_name))
    comments_name = next((_target(part, rel.get("Target", "")) for rel in rels if rel.get("Type") == COMMENTS), None)
    empty = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="{MAIN}">'
             "<authors></authors><commentList></commentList></comments>")
    comments, removed, added = _comments((parts.text(comments_name) if comments_name else None) or empty, owned, text)
    if not removed and not added:
        return 0
    drawing_id = re.search(r'<(?:\w+:)?legacyDrawing\b[^>]*?\br:id="([^"]*)"', sheet.tail)
    drawing_name = next((_target(part, rel.get("Target", "")) for rel in rels
                         if drawing_id and rel.get("Id") == drawing_id.group(1)), None)
    drawing = _drawing(parts.text(drawing_name) if drawing_name else None, added)
    if comments_name is None:
        comments_name = _new_name(parts, "xl/comments{}.xml")
        rels = _related(parts, rels_name, rels, COMMENTS, comments_name, part)
        _content_type(parts, f'<Override PartName="/{comments_name}" ContentType="{COMMENTS_CONTENT}"/>',
                      f'PartName="/{comments_name}"')
    if drawing_name is None:
        drawing_name = _new_name(parts, "xl/drawings/vmlDrawing{}.vml")
        rels = _related(parts, rels_name, rels, VML, drawing_name, part)
        sheet.drawn_by(rels[-1]["Id"])
        _content_type(parts, f'<Default Extension="vml" ContentType="{VML_CONTENT}"/>', 'Extension="vml"')
    parts.write(comments_name, comments)
    parts.write(drawing_name, drawing)
    return removed


def _comments(xml: str, owned: Sequence[int], text: str) -> tuple[str, int, list[int]]:
    """The comments part with kmsheets' comments replaced by one on each `owned` header the team has not
    commented; how many of kmsheets' there were, and the columns now commented."""
    p = _prefix(xml)
    authors = _element("authors", p).search(xml)
    names = [unescape(m.group("body") or "") for m in _element("author", p).finditer(authors.group("body") or "")]
    ours = str(names.index(MARK)) if MARK in names else None
    listed = _element("commentList", p).search(xml)
    comments = [m.group(0) for m in _element("comment", p).finditer(listed.group("body") or "")]
    kept = [comment for comment in comments if ours is None or _attribute(comment, "authorId") != ours]
    removed = len(comments) - len(kept)
    taken = {_attribute(comment, "ref") for comment in kept}
    added = [column for column in owned if f"{column_letter(column)}1" not in taken]
    if added and ours is None:
        ours = str(len(names))
        xml = (xml[:authors.start()] + f"<{p}authors>{authors.group('body') or ''}<{p}author>{MARK}</{p}author>"
               f"</{p}authors>" + xml[authors.end():])
        listed = _element("commentList", p).search(xml)
    kept += [f'<{p}comment ref="{column_letter(column)}1" authorId="{ours}"><{p}text><{p}t xml:space="preserve">'
             f"{escape(text)}</{p}t></{p}text></{p}comment>" for column in added]
    xml = xml[:listed.start()] + f"<{p}commentList>{''.join(kept)}</{p}commentList>" + xml[listed.end():]
    return xml, removed, added


_SHAPE_TYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
               '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def _drawing(vml: str | None, columns: Sequence[int]) -> str:
    """The sheet's comment drawing with kmsheets' shapes replaced by one per commented column: Excel shows
    a comment only through its shape, hidden until the mouse is over the cell."""
    vml = vml or ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                  'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
                  '<o:idmap v:ext="edit" data="1"/></o:shapelayout></xml>')
    vml = re.sub(rf'<v:shape\b[^>]*\balt="{MARK}"[^>]*>.*?</v:shape>', "", vml, flags=re.DOTALL)
    if columns and 'id="_x0000_t202"' not in vml:
        vml = vml.replace("</o:shapelayout>", "</o:shapelayout>" + _SHAPE_TYPE, 1) if "</o:shapelayout>" in vml \
            else vml.replace("</xml>", _SHAPE_TYPE + "</xml>")
    first = max([int(n) for n in re.findall(r"_x0000_s(\d+)", vml)] + [1024]) + 1
    shapes = "".join(
        f'<v:shape id="_x0000_s{first + n}" type="#_x0000_t202" alt="{MARK}" style="position:absolute;'
        f'margin-left:60pt;margin-top:2pt;width:220pt;height:60pt;z-index:{first + n};visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" '
        'obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/>'
        f"<x:SizeWithCells/><x:Anchor>{column + 1}, 15, 0, 2, {column + 4}, 15, 4, 2</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>0</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>"
        for n, column in enumerate(columns))
    return vml.replace("</xml>", shapes + "</xml>")


def _new_name(parts: Parts, pattern: str) -> str:
    number = 1
    while parts.text(pattern.format(number)) is not None:
        number += 1
    return pattern.format(number)


def _related(parts: Parts, rels_name: str, rels: list[dict[str, str]], kind: str, target: str,
             part: str) -> list[dict[str, str]]:
    """The sheet's relationships with one more, to `target`."""
    numbers = [int(n) for rel in rels for n in re.findall(r"^rId(\d+)$", rel.get("Id", ""))]
    rel = {"Id": f"rId{max(numbers, default=0) + 1}", "Type": kind,
           "Target": posixpath.relpath(target, posixpath.dirname(part))}
    xml = parts.text(rels_name) or ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                    'relationships"></Relationships>')
    element = "<Relationship " + " ".join(f'{k}="{escape(v)}"' for k, v in rel.items()) + "/>"
    parts.write(rels_name, xml.replace("</Relationships>", element + "</Relationships>", 1)
                if "</Relationships>" in xml else xml.replace("/>", ">" + element + "</Relationships>", 1))
    return [*rels, rel]


def _content_type(parts: Parts, element: str, identity: str) -> None:
    types = parts.text("[Content_Types].xml") or ""
    if identity not in types:
        parts.write("[Content_Types].xml", types.replace("</Types>", element + "</Types>", 1))


# --- the whole book

def header_row(package: Package, part: str) -> list[Cell]:
    grid = read_grid(package, part)
    return grid[0] if grid else []


def styles_part(package: Package) -> str:
    rels = _relationships(package.read("xl/_rels/workbook.xml.rels").decode("utf-8"))
    return next((_target("xl/workbook.xml", rel["Target"]) for rel in rels if rel.get("Type", "").endswith("/styles")),
                "xl/styles.xml")


def earlier_rules(package: Package, part: str) -> int:
    """kmsheets' own rules in a sheet: conditional formats, data validations and header comments."""
    parts = Parts(package, {})
    rels = _relationships(parts.text(_relationships_part(part)))
    comments = next((parts.text(_target(part, rel.get("Target", ""))) for rel in rels if rel.get("Type") == COMMENTS),
                    None)
    return Sheet.of(parts.text(part) or "").ours() + (_comments(comments, [], "")[1] if comments else 0)


def formatted_parts(package: Package, sheets: Mapping[str, str], plan: FormatPlan) -> dict[str, bytes]:
    """The parts `plan` changes or adds, by name; `sheets` maps tab names to their sheet parts."""
    parts = Parts(package, {})
    styles_name = styles_part(package)
    styles = Styles(parts.text(styles_name) or "")
    for tab in plan.tabs:
        part = sheets[tab.name]
        sheet = Sheet.of(parts.text(part) or "")
        sheet.frozen_header()
        sheet.widths(tab.widths)
        sheet.header_styles(_header_style(styles, tab))
        sheet.without_our_conditional_formats()
        sheet.add_conditional_formats(colour_rules(tab, styles, sheet.prefix, sheet.next_priority()))
        sheet.data_validations(validation_rules(tab, plan, sheet.prefix),
                               [c.column for c in tab.choices] + list(tab.dates))
        comment_parts(parts, part, sheet, tab.owned, plan.texts.owned)
        parts.write(part, sheet.xml)
    parts.write(styles_name, styles.xml)
    return parts.changed


def _header_style(styles: Styles, tab: TabPlan) -> Callable[[int, int], int]:
    """A header cell's style made bold, and filled on kmsheets' own columns."""
    def restyle(column: int, style: int) -> int:
        bold = styles.bold(style)
        return styles.filled(bold, OWNED_RGB) if column in tab.owned else bold

    return restyle
