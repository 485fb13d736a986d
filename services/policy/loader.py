"""Read one saved page as plain text lines, whatever its encoding or format."""
from __future__ import annotations

import html
import re
from pathlib import Path

SUFFIXES = (".txt", ".html", ".htm")
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


def read_lines(path: Path) -> list[str]:
    text = _decode(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def document_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
