"""Tokenisation, synonyms, city scoping and the answer rules."""
from __future__ import annotations

import pytest

from services.policy.answer import NOT_FOUND, answer
from services.policy.question import classify
from services.policy.speech import WARNINGS, for_speech, plain_clause, short_name, spoken_path
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


def test_answer_names_document_and_clause_shortly(index):
    """Issue 11: the paper by a short name and the clause plainly, not the full title and 第二条第六款第四项."""
    result = answer("东莞养老院护理型床位占比要多少？", city="东莞市", index=index)
    assert result["found"] and result["warning"] is None
    assert "百分之50" in result["answer"]
    assert "东莞市2020年" in result["answer"] and "《" not in result["answer"] and "第四项" not in result["answer"]
    assert result["clause"]["clause_path"] == "二、(六) 4."
    assert result["clause_id"] == "dongguan_2020_sannian_xingdong#二、(六) 4."
    assert len(result["answer"]) <= 90 and result["answer"].count("。") <= 2


def test_short_names_of_the_four_papers(documents):
    names = {doc.meta.doc_id: short_name(doc.meta.city, doc.meta.date, doc.meta.title, doc.meta.status)
             for doc in documents.values()}
    assert names["wuhan_2017_yanglao_fuwu_gongji"] == "武汉市2017年养老服务意见"
    assert names["zhuzhou_2024_shitiao_cuoshi"] == "株洲市2024年养老服务十条措施征求意见稿"
    assert all(len(name) <= 22 for name in names.values())
    assert plain_clause("三、(二) 2.", "优化土地供应政策") == "里优化土地供应政策那一条"
    assert plain_clause("三、(一) 1.", "推广“互联网+居家养老”新模式，运用互联网技术") == "第三部分"


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
    assert classify("高龄津贴一个月多少钱").name == "money"
    result = answer("高龄津贴一个月发多少钱？", city="武汉市", index=index)
    assert (result["found"], result["answer"], result["clause"]) == (False, NOT_FOUND, None)


@pytest.mark.parametrize("question, kind", [
    ("俺们社区那个日间照料中心有啥功能？", "list"), ("特困老人指的是哪些人啊", "who"),
    ("养老院开诊所还要审批不？", "yesno"), ("这个去哪儿办？", "where"), ("啥时候能建好呀", "when"),
    ("占到几成？", "share"), ("每个镇要建几个？", "number"), ("没有养老设施咋整，咋办？", "how"),
])
def test_question_types(question, kind):
    assert classify(question).name == kind


@pytest.mark.parametrize("question, city, first", [
    ("养老院里设个医务室，还要审批不？", "鹤壁市", "不用"),
    ("小区的养老服务设施能不能挪作他用？", "武汉市", "不能"),
    ("退役军人住公办养老院能优先吗？", "东莞市", "能"),
    ("老人坐公交能不能免费？", "株洲市", "文件里没说"),
])
def test_yes_no_answers_say_yes_or_no_first(index, question, city, first):
    assert answer(question, city=city, index=index)["answer"].startswith(first)


def test_follow_up_resolved_against_previous_question(index):
    first = answer("鹤壁淇滨区要建几个街道综合养老服务中心？", city="鹤壁市", index=index)
    assert first["found"] and "3个" in first["answer"]
    follow = answer("那山城区呢？", city="鹤壁市", index=index,
                    prev_question="鹤壁淇滨区要建几个街道综合养老服务中心？", prev_clause=first["clause_id"])
    assert follow["found"] and "山城区建成2个" in follow["answer"].replace("两", "2")
    # 这个 alone names nothing; after the health-record question it is that clause's office
    assert not answer("这个是哪个部门负责啊？", city="鹤壁市", index=index)["found"]
    who = answer("这个是哪个部门负责啊？", city="鹤壁市", index=index, prev_question="鹤壁给多大岁数的老人建健康档案？")
    assert who["found"] and "卫生健康部门" in who["answer"]


def test_spoken_forms():
    assert spoken_path("三、(二) 2.") == "第三条第二款第二项"
    assert spoken_path("(二) 专栏1") == "第二条专栏一"
    assert spoken_path("附件2 第11行 2.") == "附件二表格第十一行第二项"
    assert spoken_path("序言") == "开头部分"
    assert for_speech("培育2—5个服务集团(责任部门:市民政局),覆盖率达100%") == "培育2到5个服务集团，覆盖率达百分之100"


@pytest.mark.parametrize("line", [
    "我的老年证办得咋样了", "俺的高龄津贴发了没有啊", "我要订明天的午饭", "帮我转人工", "我摔倒了起不来",
    "给我妈订两份饭送到家", "谢谢啊", "喂喂听得到吗", "明天上午来打扫卫生",
])
def test_what_is_not_a_policy_question_is_not_answered_from_a_paper(index, line):
    """The knowledge base can sit behind an unsure NLU: other requests must come back found=false."""
    assert not answer(line, city="武汉市", index=index)["found"]


@pytest.mark.parametrize("question, city, office", [
    ("农村幸福院这块归哪个部门管？", "武汉市", "市民政局"),
    ("长者饭堂这事谁负责啊？", "东莞市", "市民政局"),
    ("农村养老服务这块归哪个部门管？", "株洲市", "市民政局"),
    ("试点补助资金的管理办法是哪个部门管？", "鹤壁市", "财政局"),
])
def test_which_office_is_read_from_the_clause_note(index, question, city, office):
    """Papers name the offices in a note (责任单位：… / (市民政局、…)); speech drops notes, this asks for one."""
    result = answer(question, city=city, index=index)
    assert result["found"] and office in result["answer"] and "负责" in result["answer"]
