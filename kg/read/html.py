"""Web pages: text blocks and data tables in reading order, through lxml's HTML parser.

The charset is the one the page declares (a BOM, `<meta charset>` or `http-equiv`; GB2312
and GBK are read as their superset GB18030); a page that declares none is tried as UTF-8,
then GB18030, then whatever charset-normalizer finds. A table holding other tables is page
layout (site frames, navigation bars): its cells are read as blocks and the tables inside
it as tables. `rowspan`/`colspan` are laid out as a browser does; a spanned value stands in
every row it covers.
"""

from __future__ import annotations

import re

from lxml import etree, html

from kg.read.grid import Block, Para, build_grid, source_text
from kg.read.text import InputError, Loc, SourceText, quote_name

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"[ \t\r\n\f]+")
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
              "big5": "big5hkscs", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option", "iframe", "object",
                   "svg", "button", "input", "textarea"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
                     "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "address",
                     "center", "form", "fieldset", "figure", "figcaption", "hr", "tr", "td", "th", "table",
                     "caption", "body", "html", "tbody", "thead", "tfoot"})


def decode_html(data: bytes, shown: str) -> tuple[str, str]:
    """The page's text and the charset it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "utf-16"
    m = _DECLARED.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        codec = _SUPERSETS.get(declared, declared)
        try:
            return data.decode(codec), declared
        except LookupError:
            pass  # an unknown name: guess as if none were declared
        except UnicodeDecodeError:
            # the declaration is wrong (a UTF-8 page declaring GB2312 is common): guess
            pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{shown}: web page in an unknown character set")
    return str(best), best.encoding


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buf)
        self.buf.clear()
        for line in text.split("\n"):
            line = line.replace("\xa0", " ").strip()
            if line:
                self.paragraphs += 1
                self.blocks.append(Para(line, Loc(paragraph=self.paragraphs)))

    def inline(self, text: str | None) -> None:
        if text:
            self.buf.append(_SPACE.sub(" ", text))

    def walk(self, el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP:
            return  # a comment or processing instruction, or no content
        if tag == "table" and not _has_table(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if tag == "br":
            self.buf.append("\n")
        self.inline(el.text)
        for child in el:
            self.walk(child)
            self.inline(child.tail)
        if block:
            self.flush()

    def table(self, table: etree._Element) -> None:
        self.tables += 1
        index = self.tables
        for caption in table.findall("caption"):
            self.blocks.append(Para(cell_text(caption), Loc(table=index)))
        rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
        grid_rows = []
        for r, tr in enumerate(rows):
            cells = []
            for k, td in enumerate(c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")):
                cells.append((cell_text(td), Loc(table=index, row=r + 1, column=k + 1),
                              _span(td.get("rowspan")), _span(td.get("colspan"))))
            grid_rows.append(cells)
        self.blocks.append(build_grid(grid_rows))


def _owner(tr: etree._Element) -> etree._Element | None:
    for parent in tr.iterancestors():
        if isinstance(parent.tag, str) and parent.tag.lower() == "table":
            return parent
    return None


def _has_table(el: etree._Element) -> bool:
    return any(True for _ in el.iterdescendants("table"))


def _span(value: str | None) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), 10_000)) if m else 1


def cell_text(el: etree._Element) -> str:
    """A cell's text with its line breaks (`<br>`, paragraphs inside it)."""
    walker = _Walker()
    walker.buf = []
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None or tag in _SKIP:
            return
        block = tag in _BLOCKS and node is not el
        if block or tag == "br":
            parts.append("\n")
        if node.text:
            parts.append(_SPACE.sub(" ", node.text))
        for child in node:
            walk(child)
            if child.tail:
                parts.append(_SPACE.sub(" ", child.tail))
        if block:
            parts.append("\n")

    walk(el)
    lines = ("".join(parts)).replace("\xa0", " ").split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


def read_html(data: bytes, shown: str) -> list[Block]:
    text, _charset = decode_html(data, shown)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise InputError(f"{shown}: web page is empty")
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{shown}: not a readable web page ({exc})") from None
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


def read(data: bytes, name: str, fmt: str = "html") -> SourceText:
    return source_text(name, data, read_html(data, quote_name(name)), "html")
