"""Ingestion of the four saved pages: metadata, clause paths, noise, validity."""
from __future__ import annotations

import json

import pytest

from services.policy import ingest
from services.policy.model import DRAFT, EXPIRED, VALID

WUHAN, DONGGUAN = "wuhan_2017_yanglao_fuwu_gongji", "dongguan_2020_sannian_xingdong"
HEBI, ZHUZHOU = "hebi_2020_jujia_shequ_gaige", "zhuzhou_2024_shitiao_cuoshi"

# Page chrome, ads and comment boxes seen in the saved pages.
NOISE = ["武汉娱乐", "版权声明", "QQ", "设为首页", "太和智慧", "18610556298", "我要评论", "分享到",
         "无障碍浏览", "当前位置", "字体大小", "浏览次数", "ICP备", "招标", "关注我们", "热门搜索", "|"]


def paths(doc):
    return [c.clause_path for c in doc.clauses]


def clause(doc, path):
    return next(c for c in doc.clauses if c.clause_path == path)


@pytest.mark.parametrize(
    "doc_id, title, issuer, date, number, city, status",
    [
        (WUHAN, "武汉市人民政府关于提升养老服务供给水平加快发展养老服务业的实施意见", "武汉市人民政府",
         "2017-08-21", "武政规〔2017〕34号", "武汉市", EXPIRED),
        (DONGGUAN, "东莞市加快推进养老服务体系建设高质量发展三年行动计划(2020—2022年)", "东莞市人民政府办公室",
         "2020-08-27", "东府办〔2020〕57号", "东莞市", VALID),
        (HEBI, "鹤壁市居家和社区养老服务改革试点实施方案", "鹤壁市人民政府",
         "2020-04-26", "鹤政〔2020〕8号", "鹤壁市", VALID),
        (ZHUZHOU, "株洲市进一步推进养老服务高质量发展的十条措施(征求意见稿)", "株洲市民政局",
         "2024-12-12", "", "株洲市", DRAFT),
    ],
)
def test_metadata(documents, doc_id, title, issuer, date, number, city, status):
    meta = documents[doc_id].meta
    assert (meta.title, meta.issuer, meta.date, meta.doc_number, meta.city, meta.status) == (
        title, issuer, date, number, city, status)
    # every clause carries its document's metadata
    assert {(c.doc_title, c.doc_number, c.city, c.status) for c in documents[doc_id].clauses} == {
        (title, number, city, status)}


def test_numbering_paths_follow_document_structure(documents):
    wuhan = paths(documents[WUHAN])
    assert wuhan[:4] == ["序言", "一、", "二、", "三、"]
    assert {"三、(一) 1.", "三、(一) 4.", "三、(二) 1.", "三、(二) 2."} <= set(wuhan)
    assert clause(documents[WUHAN], "三、(一) 1.").heading == "推广“互联网+居家养老”新模式"
    assert paths(documents[ZHUZHOU])[1:] == [f"{n}、" for n in "一二三四五六七八九十"]


def test_inline_items_become_clauses(documents):
    """Dongguan writes "(六)……能力。1.支持……。2.到2020年底前……" in one paragraph."""
    doc = documents[DONGGUAN]
    assert [p for p in paths(doc) if p.startswith("二、(六) ")] == [f"二、(六) {n}." for n in range(1, 7)]
    assert clause(doc, "二、(六) 4.").text.startswith("优化提升养老机构护理型床位占比")


def test_attachments_and_flattened_table(documents):
    doc = documents[HEBI]
    assert clause(doc, "附件1").heading == "鹤壁市居家和社区养老服务改革试点工作领导小组成员名单"
    assert clause(doc, "附件2 第2行").heading == "建立试点工作机制(8分)"
    # row 1 continues after a page break: its items keep counting 4, 5, 6
    assert [p for p in paths(doc) if p.startswith("附件2 第1行 ")] == [f"附件2 第1行 {n}." for n in range(1, 7)]
    # "2.居家……分工表" in the attachment list is not a clause of 四、(四)
    assert "四、(四) 2." not in paths(doc)


def test_letter_wrapping_a_draft(documents):
    """Zhuzhou's page is a letter; its 附件1 is the paper, 附件2 a blank feedback form."""
    doc = documents[ZHUZHOU]
    assert not any(p.startswith("附件") for p in paths(doc))
    assert "十条措施(征求意见稿)为深入贯彻" not in clause(doc, "序言").text


def test_web_noise_removed(documents):
    text = "\n".join(c.heading + c.text for doc in documents.values() for c in doc.clauses)
    assert [word for word in NOISE if word in text] == []


def test_hard_wrapped_lines_rejoined(documents):
    wuhan = "\n".join(c.text for c in documents[WUHAN].clauses)
    assert "以老年人实际需求为导向" in wuhan
    assert "《武汉市养老设施空间布局规划(2012—2020年)》" in wuhan
    assert "推动老年人医疗护理和生活护理的有机衔接" in wuhan


def test_cli_writes_store_and_prints_summary(tmp_path, capsys):
    from assistant.settings import settings

    out = tmp_path / "clauses.json"
    assert ingest.main([str(settings.policy_docs_dir), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("4 documents")
    assert f"{WUHAN}: " in printed and "clauses" in printed
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert len(payload["documents"]) == 4
    assert len(ingest.load_clauses(out)) == len(payload["clauses"]) > 100
