"""Tokenisation, synonyms, city scoping and the answer rules."""
from __future__ import annotations

import pytest

from services.policy.answer import NOT_FOUND, answer, fact_type
from services.policy.speech import WARNINGS, for_speech, spoken_path
from services.policy.jieba_tokens import DOMAIN_DICT, normalise_numbers, tokens


def test_domain_dictionary_is_jieba_format_and_loaded():
    lines = [line.split() for line in DOMAIN_DICT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert all(len(parts) == 3 and parts[1].isdigit() for parts in lines)
    assert "助餐" in tokens("长者饭堂")  # one word, mapped to its canonical synonym


@pytest.mark.parametrize("group", [
    ("老年证", "敬老卡", "老年优待证", "老人证", "敬老优待卡"),
    ("高龄津贴", "高龄补贴"),
    ("助餐", "老年食堂", "长者饭堂"),
    ("居家养老", "在家养老"),
])
def test_synonyms_share_one_token(group):
    assert len({tokens(word)[-1] for word in group}) == 1


def test_spoken_numbers_become_digits():
    assert normalise_numbers("每百户二十平米") == "每百户20平米"
    assert normalise_numbers("百分之五十") == "50%"
    assert normalise_numbers("一站式服务，一个月") == "一站式服务，一个月"


def test_synonym_reaches_the_papers_wording(index):
    """Callers say 老年证; Dongguan's paper says 敬老优待卡."""
    hit = index.search("老年证充值", city="东莞市", k=1).hits[0]
    assert "敬老优待卡" in hit.clause.text


def test_city_scope(index):
    items = index.search("养老服务设施配建面积", city="株洲市", k=5)
    assert items.hits and {h.clause.city for h in items.hits} == {"株洲市"}
    assert items.city_has_documents
    assert {h.clause.city for h in index.search("养老服务设施", k=10).hits} > {"株洲市"}


def test_city_without_documents_searches_all_and_says_so(index):
    result = answer("每个镇至少建几间长者饭堂？", city="北京市", index=index)
    assert result["found"]
    assert result["answer"].startswith("北京市的政策文件还没有收录，我查到的是东莞市的规定")


def test_answer_names_document_and_clause(index):
    result = answer("东莞养老院护理型床位占比要多少？", city="东莞市", index=index)
    assert result["found"] and result["warning"] is None
    assert "百分之50" in result["answer"]
    assert result["answer"].endswith(
        "这是《东莞市加快推进养老服务体系建设高质量发展三年行动计划(2020—2022年)》第二条第六款第四项说的。")
    assert result["clause"]["clause_path"] == "二、(六) 4."


@pytest.mark.parametrize("question, city, status", [
    ("新建小区每百户配多少平方米养老用房？", "武汉市", "失效"),
    ("六助是哪六助？", "株洲市", "征求意见稿"),
])
def test_warning_for_expired_or_draft(index, question, city, status):
    result = answer(question, city=city, index=index)
    assert result["found"] and result["clause"]["status"] == status
    assert result["warning"] == WARNINGS[status]


def test_no_figure_is_invented(index):
    """The papers mention 高龄津贴 but give no amount: a money question is not answered."""
    assert fact_type("高龄津贴一个月多少钱").name == "money"
    result = answer("高龄津贴一个月发多少钱？", city="武汉市", index=index)
    assert result == {"found": False, "answer": NOT_FOUND, "warning": None, "clause": None}


def test_spoken_forms():
    assert spoken_path("三、(二) 2.") == "第三条第二款第二项"
    assert spoken_path("(二) 专栏1") == "第二条专栏一"
    assert spoken_path("附件2 第11行 2.") == "附件二表格第十一行第二项"
    assert spoken_path("序言") == "开头部分"
    assert for_speech("培育2—5个服务集团(责任部门:市民政局),覆盖率达100%") == "培育2到5个服务集团，覆盖率达百分之100"
