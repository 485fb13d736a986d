"""Split body paragraphs into titled clauses with their numbering path.

Depth comes from the order in which marker kinds appear (一、 then (一) then
1. in one paper; (一) then 1. in another): a kind already open closes
everything below it, a new kind opens one level deeper. A marker is only
taken as a heading when its number continues the count at that level, which
keeps "2.居家……表" in an attachment list or a stray "3." from opening a clause.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.policy.numbering import Marker, parse_annex, parse_marker, split_inline_items

PREFACE = "序言"
_CELL_MAX = 30  # table cells of a flattened row heading are short
_HEADING_MAX = 30
# Attachments that are blank forms to fill in carry no policy.
_FORM = re.compile(r"(反馈表|回执|报名表)$")
_NON_TEXT = re.compile(r"[\s()（）《》“”\"'、,，。:：;；\-—]")


@dataclass
class Section:
    path: str
    heading: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Open:
    """A heading on the open-path stack and the last number used below it."""

    marker: Marker
    section: Section
    last_child: dict[str, int] = field(default_factory=dict)


def same_text(a: str, b: str) -> bool:
    return _NON_TEXT.sub("", a) == _NON_TEXT.sub("", b)


def _path(prefix: str, labels: list[str]) -> str:
    path = prefix
    for label in labels:
        path += label if not path or path.endswith("、") else f" {label}"
    return path


def _split_heading(rest: str) -> tuple[str, str]:
    """(heading, text) of the words after a marker."""
    if "。" not in rest and len(rest) <= 40:
        return rest.rstrip("：:"), ""
    first, _, remainder = rest.partition("。")
    if len(first) <= _HEADING_MAX:
        return first, remainder.strip()
    phrase = re.split(r"[,，;；]", first, maxsplit=1)[0]
    return (phrase if len(phrase) <= _HEADING_MAX else phrase[:20] + "…"), rest


def _row_marker(lines: list[str], i: int) -> tuple[Marker, int] | None:
    """A flattened table row: a bare row number followed by short cells.

    Returns the marker (heading = the cells joined) and how many lines it used.
    """
    if not lines[i].isdigit() or len(lines[i]) > 2:
        return None
    cells = []
    for line in lines[i + 1:]:
        if len(line) > _CELL_MAX or "。" in line or parse_marker(line) or line.isdigit():
            break
        cells.append(line)
    if not cells:
        return None
    number = int(lines[i])
    return Marker("row", number, f"第{number}行", "".join(cells)), 1 + len(cells)


class _Splitter:
    def __init__(self, title: str):
        self.title = title
        self.sections: list[Section] = [Section(PREFACE, "")]
        self.by_path: dict[str, _Open] = {}
        self.stack: list[_Open] = []
        self.root_last: dict[str, int] = {}
        self.prefix = ""
        self.current: Section | None = self.sections[0]

    def numbered_yet(self) -> bool:
        return len(self.sections) > 1

    def open_annex(self, number: int, heading: str) -> None:
        self.stack, self.root_last = [], {}
        self.prefix = f"附件{number}"
        if _FORM.search(heading):
            self.current = None  # swallow the form's lines
            return
        self.current = Section(self.prefix, heading)
        self.sections.append(self.current)

    def accept(self, marker: Marker) -> bool:
        """Whether the marker continues the count at its level; if so, open it."""
        kinds = [o.marker.kind for o in self.stack]
        depth = kinds.index(marker.kind) if marker.kind in kinds else len(self.stack)
        if marker.kind == "box":  # a 专栏 box belongs to the top-level part, not to an item
            depth = min(depth, 1)
        counts = self.stack[depth - 1].last_child if depth else self.root_last
        last = counts.get(marker.kind, 0)
        heading, text = _split_heading(marker.rest)
        path = _path(self.prefix, [o.marker.label for o in self.stack[:depth]] + [marker.label])
        known = self.by_path.get(path)
        # A table row repeated after a page break continues the row it repeats.
        repeat = marker.number == last and known is not None and same_text(known.section.heading, heading)
        if marker.number != last + 1 and not repeat:
            return False
        counts[marker.kind] = marker.number
        if repeat:
            node = known
        else:
            node = _Open(marker, Section(path, heading))
            self.sections.append(node.section)
            self.by_path[path] = node
        self.stack = self.stack[:depth] + [node]
        if text:
            node.section.lines.append(text)
        self.current = node.section
        return True

    def run(self, lines: list[str]) -> list[Section]:
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            annex = parse_annex(line)
            if annex is not None:
                if not self.numbered_yet():
                    continue  # a letter's only attachment is the paper itself
                heading = lines[i] if i < len(lines) and not parse_marker(lines[i]) and len(lines[i]) <= 60 else ""
                i += 1 if heading else 0
                self.open_annex(annex, heading)
                continue
            if same_text(line, self.title):
                continue  # the title repeated above the text
            row = _row_marker(lines, i - 1)
            marker = row[0] if row else parse_marker(line)
            if marker and self.current is not None and self.accept(marker):
                i += row[1] - 1 if row else 0
                continue
            if self.current is not None:
                self.current.lines.append(line)
        return [s for s in self.sections if s.heading or s.lines]


def split_sections(paragraphs: list[str], title: str = "") -> list[Section]:
    """Paragraphs of one document → sections in reading order."""
    lines = [item for paragraph in paragraphs for item in split_inline_items(paragraph)]
    return _Splitter(title).run(lines)
