"""What the voice says for numbers: identifiers digit by digit, quantities as people say them.

Pure text: no voice model is loaded.
"""
from __future__ import annotations

import pytest

from voice.tts.text import number, phrases, speakable_chars, spoken_form

QUANTITIES = [
    ("每月2100元", "每月两千一百元"),  # the case: not 二一零零元
    ("高龄津贴每月300元", "高龄津贴每月三百元"),
    ("每份15元", "每份十五元"),
    ("补贴1,200元", "补贴一千二百元"),
    ("1,200", "一千二百"),
    ("22000元", "两万两千元"),
    ("2万", "两万"),
    ("1.50元", "一点五元"),
    ("100多元", "一百多元"),
    ("百分之100", "百分之百"),
    ("覆盖率达100%", "覆盖率达百分之百"),
    ("报销50%", "报销百分之五十"),
    ("百分之2.5", "百分之二点五"),
    ("0.5", "零点五"),
    ("3.5公里", "三点五公里"),
    ("2022年", "二〇二二年"),
    ("武汉市2017年养老服务意见", "武汉市二〇一七年养老服务意见"),
    ("12月3日", "十二月三日"),
    ("12月3号", "十二月三号"),
    ("2月2日", "二月二日"),
    ("2022-12-03", "二〇二二年十二月三日"),
    ("8:30", "八点三十分"),
    ("下午2:00", "下午两点"),
    ("12:05", "十二点零五分"),
    ("80岁", "八十岁"),
    ("年满60周岁", "年满六十周岁"),
    ("3份", "三份"),
    ("2份", "两份"),
    ("2个月", "两个月"),
    ("2楼", "二楼"),
    ("24小时", "二十四小时"),
    ("7天", "七天"),
    ("一次可以订1到10份", "一次可以订一到十份"),
    ("第3条第1款", "第三条第一款"),
    ("身份证号要18位", "身份证号要十八位"),
    ("手机号是11位", "手机号是十一位"),
    ("有120张床位", "有一百二十张床位"),
    ("第2份", "第二份"),  # an ordinal is 二, never 两
    ("2017—2020年", "二〇一七到二〇二〇年"),
    ("2017-2020年", "二〇一七到二〇二〇年"),
    ("培育2—5个服务集团", "培育二到五个服务集团"),
    ("3~5天", "三到五天"),
]

IDENTIFIERS = [
    ("订单号是20261123", "订单号是二零二六一一二三"),
    ("登记号是：90000012", "登记号是：九零零零零零一二"),
    ("申请编号3021", "申请编号三零二一"),
    ("20261123", "二零二六一一二三"),  # 8 digits with no unit: an order number
    ("请拨打12349", "请拨打幺二三四九"),
    ("这里是12349养老服务热线", "这里是幺二三四九养老服务热线"),
    ("情况危险请马上拨打120", "情况危险请马上拨打幺二零"),
    ("手机号13800138000", "手机号幺三八零零幺三八零零零"),
    ("13800138000", "幺三八零零幺三八零零零"),  # 11 digits from 1: a mobile wherever it stands
    ("电话027-88886666", "电话零二七八八八八六六六六"),
    ("身份证11010519491231002X", "身份证幺幺零幺零五幺九四九幺二三幺零零二叉"),
    ("联系电话尾号1234", "联系电话尾号幺二三四"),
    ("手机138 0013 8000", "手机幺三八零零幺三八零零零"),
    ("身份证最后四位是0213", "身份证最后四位是零二幺三"),
]


@pytest.mark.parametrize("text,said", QUANTITIES)
def test_quantities_are_said_as_numbers(text, said):
    assert spoken_form(text) == said


@pytest.mark.parametrize("text,said", IDENTIFIERS)
def test_identifiers_are_read_digit_by_digit(text, said):
    assert spoken_form(text) == said


def test_no_digit_is_left_for_the_voice_to_guess():
    text = "您的订单号是20261123，每份15元，共2份，合计30元。12月3日中午送到，电话13800138000。"
    said = spoken_form(text)
    assert not any(ch.isdigit() for ch in said)
    assert "两份" in said and "三十元" in said and "二零二六一一二三" in said


@pytest.mark.parametrize("digits,said", [
    ("0", "零"), ("10", "十"), ("11", "十一"), ("20", "二十"), ("101", "一百零一"), ("110", "一百一十"),
    ("200", "两百"), ("222", "两百二十二"), ("1000", "一千"), ("2000", "两千"), ("2100", "两千一百"),
    ("2002", "两千零二"), ("10000", "一万"), ("12000", "一万两千"), ("20000", "两万"), ("100000", "十万"),
    ("1000000", "一百万"), ("200000000", "两亿"), ("3.14", "三点一四"), ("0.05", "零点零五"), ("1.0", "一"),
])
def test_number_words(digits, said):
    assert number(digits) == said


def test_numbers_beyond_any_quantity_are_read_out_not_refused():
    assert spoken_form("12345678901234567890") == "一二三四五六七八九零一二三四五六七八九零"
    assert spoken_form("1" * 30 + "元").endswith("一元")
    assert spoken_form("0." + "5" * 40) == "零点" + "五" * 40


def test_full_width_digits_are_said_too():
    assert spoken_form("每月２１００元") == "每月两千一百元"


def test_phrases_and_length_follow_what_is_said():
    assert phrases("补贴1,200元，每月发。") == ["补贴一千二百元，", "每月发。"]
    assert speakable_chars("2100元") == len("两千一百元")
