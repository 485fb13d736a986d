"""Clause splitting on pages written for these tests: the heuristics are general."""
from __future__ import annotations

from services.policy.ingest import parse_document
from services.policy.model import DRAFT, EXPIRED
from services.policy.numbering import parse_marker, split_inline_items
from services.policy.splitter import split_sections

PAGE = """首页 | 政务公开 | 互动交流
当前位置：首页 > 政策文件
标 题 襄阳市民政局关于印发襄阳市老年人助餐服务管理办法（草案）的通知
发文字号 襄民发〔2023〕12号
成文日期 2023-03-01
各县（市、区）民政局：
  现将《襄阳市老年人助餐服务管理办法（草案）》印发给你们，请遵照执行。
襄阳市民政局
2023年3月5日
襄阳市老年人助餐服务管理办法（草案）
（一）服务对象
  本市户籍60周岁以上老年人均可在长者饭堂就餐。
（二）补贴标准
  1、80周岁以上老年人每餐补贴3元。
  2、特困老年人每餐补贴5元，其中：
  （1）集中供养的由机构负责；
  （2）分散供养的由社区送餐上门。
专栏1 助餐点建设
  每个街道至少建设1个中心厨房。
（三）附则
  本办法自2023年5月1日起施行。
扫一扫在手机打开当前页
打印本页 关闭窗口
"""


def parsed(tmp_path, text=PAGE, name="xiangyang_zhucan.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_document(path)


def test_markers_of_every_kind():
    cases = {"一、总体要求": ("cn", 1, "一、"), "（十二）保障": ("paren_cn", 12, "(十二)"),
             "3.推广": ("arabic", 3, "3."), "4、推广": ("arabic", 4, "4."), "（2）送餐": ("paren_arabic", 2, "(2)"),
             "②送餐": ("circled", 2, "②"), "专栏3 重点工程": ("box", 3, "专栏3"), "第十条 罚则": ("article", 10, "第十条")}
    for line, expected in cases.items():
        marker = parse_marker(line)
        assert (marker.kind, marker.number, marker.label) == expected, line
    for line in ("2020年底前建成", "1.5倍以上", "一站式服务"):
        assert parse_marker(line) is None, line


def test_inline_items_split_only_when_counting_up():
    assert split_inline_items("提升能力。1.甲。2.乙。3.丙。") == ["提升能力。", "1.甲。", "2.乙。", "3.丙。"]
    assert split_inline_items("占比提高。3.5倍以上。") == ["占比提高。3.5倍以上。"]


def test_paths_for_a_document_numbered_differently(tmp_path):
    doc = parsed(tmp_path)
    assert [c.clause_path for c in doc.clauses] == [
        "序言", "(一)", "(二)", "(二) 1.", "(二) 2.", "(二) 2. (1)", "(二) 2. (2)", "(二) 专栏1", "(三)"]
    assert doc.clauses[3].heading == "80周岁以上老年人每餐补贴3元"


def test_metadata_of_a_draft_in_gbk(tmp_path):
    doc = parsed(tmp_path, encoding="gb18030")
    meta = doc.meta
    assert meta.title == "襄阳市老年人助餐服务管理办法（草案）"
    assert (meta.issuer, meta.date, meta.doc_number, meta.city, meta.status) == (
        "襄阳市民政局", "2023-03-01", "襄民发〔2023〕12号", "襄阳市", DRAFT)


def test_expired_marker_in_labels(tmp_path):
    page = PAGE.replace("成文日期 2023-03-01", "成文日期 2023-03-01\n【时效性】已废止").replace("（草案）", "")
    assert parsed(tmp_path, page).meta.status == EXPIRED


def test_chrome_removed(tmp_path):
    text = "".join(c.heading + c.text for c in parsed(tmp_path).clauses)
    for noise in ("扫一扫", "打印本页", "当前位置", "政务公开", "2023年3月5日", "各县"):
        assert noise not in text


def test_html_page(tmp_path):
    html = "<html><body><div>" + PAGE.replace("\n", "<br/>") + "</div><script>var a=1;</script></body></html>"
    doc = parsed(tmp_path, html, name="page.html")
    assert doc.meta.doc_number == "襄民发〔2023〕12号"
    assert "(二) 1." in [c.clause_path for c in doc.clauses]


def test_stray_numbers_do_not_open_clauses():
    sections = split_sections(["一、总则", "正文。", "附件：1.名单", "2.分工表", "二、附则", "施行。"])
    assert [s.path for s in sections] == ["一、", "二、"]
    assert sections[0].lines == ["正文。", "附件：1.名单", "2.分工表"]
