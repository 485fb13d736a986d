"""Ingest a folder of policy papers (saved web pages, PDF, Word .docx) into the clause store (JSON).

    python -m services.policy.ingest [DIR] [--out FILE]

DIR defaults to the city pack's papers (settings.policy_docs_dir without a pack), FILE to
<settings.var_dir>/policy_clauses.json. The running service notices the new store (or changed
papers) within seconds and answers from it without a restart.
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from tqdm import tqdm

from assistant.settings import settings
from services.policy.loader import paper_files, read_lines
from services.policy.metadata import extract
from services.policy.model import Clause, Document
from services.policy.splitter import split_sections
from services.policy.textclean import body_start, clean_body, drop_letter_furniture, is_chrome, normalise_line

STORE_VERSION = 1
log = logging.getLogger(__name__)


def default_store() -> Path:
    return settings.var_dir / "policy_clauses.json"


def parse_document(path: Path) -> Document:
    lines = [normalise_line(line) for line in read_lines(path)]
    start = body_start(lines)
    header = [line for line in lines[:start] if line.strip() and not is_chrome(line)]
    body = clean_body(lines[start:])
    meta = extract(path.stem, header, body, source_file=path.name)
    fields = dict(
        doc_id=meta.doc_id, doc_title=meta.title, issuer=meta.issuer, date=meta.date,
        doc_number=meta.doc_number, city=meta.city, status=meta.status,
    )
    clauses = [
        Clause(**fields, clause_path=s.path, heading=s.heading, text="\n".join(s.lines))
        for s in split_sections(drop_letter_furniture(body), meta.title)
    ]
    return Document(meta, clauses)


def ingest_folder(folder: Path, files: tuple[str, ...] = (), progress: bool = False) -> list[Document]:
    """Every paper in the folder (or only `files`), parsed; `progress` shows a bar on the terminal."""
    paths = paper_files(folder, files)
    if progress:
        paths = tqdm(paths, desc="ingesting papers", unit="paper")
    documents, seen = [], set()
    for path in paths:
        if path.stem in seen:  # the same paper saved twice (.txt and .pdf): the first one counts
            log.warning("skipped %s: %s is ingested already", path.name, path.stem)
            continue
        seen.add(path.stem)
        try:
            documents.append(parse_document(path))
        except Exception as err:  # one unreadable paper (broken PDF, too big) must not stop the others
            log.warning("skipped %s: %s", path.name, err)
    return documents


def save(documents: list[Document], out: Path, source: Path) -> None:
    payload = {
        "version": STORE_VERSION,
        "source": str(source),
        "documents": [doc.summary() for doc in documents],
        "clauses": [clause.to_dict() for doc in documents for clause in doc.clauses],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(out)  # readers never see a half-written store


def load_clauses(path: Path) -> list[Clause]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload.get("version") != STORE_VERSION:
        raise ValueError(f"{path}: store version {payload.get('version')}, expected {STORE_VERSION}")
    return [Clause(**item) for item in payload["clauses"]]


def summary_lines(documents: list[Document]) -> list[str]:
    lines = [f"{len(documents)} documents, {sum(len(d.clauses) for d in documents)} clauses"]
    for doc in documents:
        m = doc.meta
        lines.append(
            f"  {m.doc_id}: {len(doc.clauses)} clauses | 《{m.title}》 | {m.issuer} | {m.date} | "
            f"{m.doc_number or '-'} | {m.city or '-'} | {m.status}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Split policy papers (web pages, PDF, .docx) into clauses.")
    parser.add_argument("folder", nargs="?", type=Path, default=None, help="default: the city pack's papers")
    parser.add_argument("--out", type=Path, default=None, help="JSON store (default under var_dir)")
    args = parser.parse_args(argv)
    files: tuple[str, ...] = ()
    if args.folder is None:
        from services.policy.index import papers  # the index module imports this one

        args.folder, files = papers()
    if not args.folder.is_dir():
        parser.error(f"not a folder: {args.folder}")
    documents = ingest_folder(args.folder, files, progress=True)
    out = args.out or default_store()
    save(documents, out, args.folder)
    print("\n".join(summary_lines(documents)))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
