"""Word (.docx): the body's paragraphs and tables in reading order.

Read from `word/document.xml` with lxml rather than through python-docx's object model: the
tables need their merges resolved exactly (`w:gridSpan`, `w:vMerge`, `w:gridBefore`), text
in content controls and text boxes must not be lost, and a 300-row table reads in a few
milliseconds instead of a second.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from lxml import etree

from kg.read.grid import Block, Grid, GridCell, Para, matrix, source_text
from kg.read.text import InputError, Loc, SourceText, quote_name

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _TR, _TC, _SDT = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt"))
_T, _TAB, _BR, _CR, _DEL = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr", "del"))
_FALLBACK = f"{{{MC}}}Fallback"
_TXBX = f"{{{W}}}txbxContent"
_VAL = f"{{{W}}}val"
# a Word document.xml far above any real one is refused rather than parsed
_MAX_XML = 512 * 2**20


def _attr(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(_VAL, default)


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text: runs joined, `w:br`/`w:cr` as line breaks, a tab as a space;
    deleted text and the fallback copy of a text box left out (its text box is read once)."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag in (_DEL, _FALLBACK, _TXBX):
                continue
            elif tag == _P:  # a paragraph nested through a text box or a field
                parts.append("\n")
                walk(child)
                parts.append("\n")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _textboxes(p: etree._Element) -> list[str]:
    """Text boxes anchored in a paragraph (letterheads are often drawn this way)."""
    out = []
    for box in p.iter(_TXBX):
        if any(a.tag == _FALLBACK for a in box.iterancestors()):
            continue
        out.append("\n".join(paragraph_text(q) for q in box.iter(_P)))
    return out


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def body(self, parent: etree._Element) -> None:
        for el in parent:
            if el.tag == _P:
                self.paragraphs += 1
                loc = Loc(paragraph=self.paragraphs)
                for box in _textboxes(el):
                    self.blocks.append(Para(box, loc))
                self.blocks.append(Para(paragraph_text(el), loc))
            elif el.tag == _TBL:
                self.table(el)
            elif el.tag == _SDT or el.tag.endswith("}sdtContent") or el.tag.endswith("}customXml"):
                self.body(el)  # content controls and custom XML wrap ordinary body content

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        index = self.tables
        cells: dict[tuple[int, int], GridCell] = {}
        header_rows = 0
        nested: list[etree._Element] = []
        rows = [tr for tr in tbl if tr.tag == _TR]
        for r, tr in enumerate(rows):
            trpr = tr.find(f"{{{W}}}trPr")
            if trpr is not None and trpr.find(f"{{{W}}}tblHeader") is not None and header_rows == r:
                header_rows += 1
            c = int(_attr(trpr.find(f"{{{W}}}gridBefore") if trpr is not None else None, "0") or 0)
            # `shown`: the cell's place in the row as a reader counts it (a merged cell is one)
            for shown, tc in enumerate(_row_cells(tr), start=1):
                tcpr = tc.find(f"{{{W}}}tcPr")
                span = int(_attr(tcpr.find(f"{{{W}}}gridSpan") if tcpr is not None else None, "1") or 1)
                vmerge = tcpr.find(f"{{{W}}}vMerge") if tcpr is not None else None
                loc = Loc(table=index, row=r + 1, column=shown)
                above = cells.get((r - 1, c))
                if vmerge is not None and _attr(vmerge, "continue") == "continue" and above is not None:
                    origin = above.origin or (r - 1, c)
                    first = cells[origin]
                    cells[(r, c)] = GridCell(first.text, loc, merged=True, origin=origin)
                    if first.origin is None:
                        first.origin = origin
                else:
                    text = "\n".join(paragraph_text(p) for p in tc if p.tag == _P)
                    nested.extend(t for t in tc if t.tag == _TBL)
                    cells[(r, c)] = GridCell(text, loc, origin=(r, c) if span > 1 else None)
                for dc in range(1, span):
                    cells[(r, c + dc)] = GridCell("", loc, merged=True, origin=(r, c))
                c += max(1, span)
        self.blocks.append(matrix(cells, len(rows), header_rows=header_rows))
        for inner in nested:  # a table inside a cell: read after its table
            self.table(inner)


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for el in tr:
        if el.tag == _TC:
            yield el
        elif el.tag == _SDT or el.tag.endswith("}sdtContent") or el.tag.endswith("}customXml"):
            yield from _row_cells(el)


def read_docx(data: bytes, shown: str) -> list[Block]:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > _MAX_XML:
                raise InputError(f"{shown}: Word document too large to read ({info.file_size / 2**20:.0f} MB of XML)")
            xml = z.read(info)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, RuntimeError) as exc:
        raise InputError(f"{shown}: damaged Word file ({_why(exc)})") from None
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{shown}: damaged Word file (document.xml: {exc})") from None
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise InputError(f"{shown}: damaged Word file (no document body)")
    reader = _Reader()
    reader.body(body)
    return reader.blocks


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


__all__ = ["read", "read_docx", "paragraph_text", "Grid"]


def read(data: bytes, name: str, fmt: str = "docx") -> SourceText:
    return source_text(name, data, read_docx(data, quote_name(name)), "docx")
