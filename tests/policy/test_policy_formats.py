"""A paper published as PDF or Word ingests into the same clauses as its text version.

The PDF and the .docx are written here from the saved Wuhan page with
maintained writers (fpdf2 with the WenQuanYi font, python-docx), then read
back through the knowledge base's own ingestion.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from assistant.settings import settings
from services.policy import ingest
from services.policy.answer import answer
from services.policy.index import PolicyIndex
from services.policy.loader import read_lines

PAPER = "wuhan_2017_yanglao_fuwu_gongji"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # Debian fonts-wqy-microhei


def _source() -> Path:
    path = settings.policy_docs_dir / f"{PAPER}.txt"
    if not path.exists():
        pytest.skip(f"policy paper not found: {path}")
    return path


def _paragraphs() -> list[str]:
    return [line.strip() for line in _source().read_text(encoding="utf-8").splitlines() if line.strip()]


def write_pdf(out: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("fonts-wqy-microhei is not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_font("wqy", size=11)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_footer = None
    pdf.add_page()
    for paragraph in _paragraphs():
        pdf.multi_cell(0, 7, paragraph, new_x="LMARGIN", new_y="NEXT")  # wraps long lines, as PDFs do
    pdf.output(str(out))
    return out


def write_docx(out: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in _paragraphs():
        document.add_paragraph(paragraph)
    document.save(str(out))
    return out


def _clauses(folder: Path) -> list[tuple[str, str, str]]:
    [doc] = ingest.ingest_folder(folder)
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - line breaks differ by format
    return [(c.clause_path, squash(c.heading), squash(c.text)) for c in doc.clauses], doc.meta


@pytest.fixture(scope="module")
def text_version(tmp_path_factory):
    folder = tmp_path_factory.mktemp("txt")
    shutil.copy(_source(), folder / f"{PAPER}.txt")
    return _clauses(folder)


@pytest.mark.parametrize("writer, suffix", [(write_pdf, ".pdf"), (write_docx, ".docx")])
def test_pdf_and_docx_ingest_into_the_same_clauses(tmp_path, text_version, writer, suffix):
    writer(tmp_path / f"{PAPER}{suffix}")
    clauses, meta = _clauses(tmp_path)
    expected, expected_meta = text_version
    assert [c[0] for c in clauses] == [c[0] for c in expected]
    assert clauses == expected
    assert (meta.title, meta.date, meta.doc_number, meta.status) == (
        expected_meta.title, expected_meta.date, expected_meta.doc_number, expected_meta.status)


def test_pdf_paper_answers_like_the_text(tmp_path):
    write_pdf(tmp_path / f"{PAPER}.pdf")
    index = PolicyIndex.from_folder(tmp_path)
    result = answer("新建小区养老服务用房每百户配多少平方米？", "武汉市", index=index)
    assert result["found"] and "20平方米" in result["answer"]


def test_broken_or_huge_files_are_skipped_not_fatal(tmp_path):
    shutil.copy(_source(), tmp_path / f"{PAPER}.txt")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    documents = ingest.ingest_folder(tmp_path)
    assert [d.meta.doc_id for d in documents] == [PAPER]
    with pytest.raises(ValueError):
        big = tmp_path / "big.txt"
        with big.open("wb") as fh:
            fh.truncate(25 * 1024 * 1024)
        read_lines(big)


def test_ingest_command_shows_progress(tmp_path, capsys):
    shutil.copy(_source(), tmp_path / f"{PAPER}.txt")
    write_docx(tmp_path / "wuhan_copy.docx")
    assert ingest.main([str(tmp_path), "--out", str(tmp_path / "store.json")]) == 0
    captured = capsys.readouterr()
    assert "ingesting papers" in captured.err and "2/2" in captured.err
    assert captured.out.startswith("2 documents")
