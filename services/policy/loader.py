"""Read one paper as plain text lines: a saved web page (any encoding), a PDF or a Word .docx.

PDF and Word files are read with maintained parsers (pypdf, python-docx); the
lines they give go through the same cleaning and splitting as a web page, so
a paper published in any of these forms ends in the same clauses.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
MAX_PAPER_BYTES = 20 * 1024 * 1024  # a policy paper is far smaller; anything bigger is refused
MAX_PDF_PAGES = 300
# A line that is only a page number: 3 / - 3 - / 第3页 / 第 3 页 共 9 页
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")
_BLOCK_TAG = re.compile(r"<\s*(?:br|/p|/div|/tr|/li|/h\d|p|div|tr|li|h\d)\b[^>]*>", re.I)
_CELL_TAG = re.compile(r"<\s*/t[dh]\s*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def _decode(data: bytes) -> str:
    # Chinese government sites still serve GBK pages next to UTF-8 ones.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def html_to_text(markup: str) -> str:
    markup = _SCRIPT.sub("", markup)
    markup = _CELL_TAG.sub(" | ", _BLOCK_TAG.sub("\n", markup))
    return html.unescape(_TAG.sub("", markup))


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if len(reader.pages) > MAX_PDF_PAGES:
        raise ValueError(f"{path.name}: {len(reader.pages)} pages, more than {MAX_PDF_PAGES}")
    pages = []
    for page in reader.pages:
        lines = (page.extract_text() or "").splitlines()
        # A page number at the foot (or head) of a page is not part of the text.
        while lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        while lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        pages.append("\n".join(lines))
    return "\n".join(pages)


def _docx_text(path: Path) -> str:
    """Paragraphs and table rows in document order (a row's cells joined like a web table's)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


def read_lines(path: Path) -> list[str]:
    if path.stat().st_size > MAX_PAPER_BYTES:
        raise ValueError(f"{path.name}: larger than {MAX_PAPER_BYTES} bytes")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        text = _decode(path.read_bytes())
        if suffix in (".html", ".htm"):
            text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def document_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def paper_files(folder: Path, files: tuple[str, ...] = ()) -> list[Path]:
    """The papers in ``folder``, or only those named in ``files`` when it is not empty."""
    return [p for p in document_files(folder) if not files or p.name in files]
