import pytest

from assistant.zh_text import (
    chinese_to_int,
    normalize_utterance,
    read_digits,
    spoken_digits_to_arabic,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("三", 3), ("两", 2), ("幺", 1), ("零", 0), ("〇", 0),
        ("十", 10), ("十二", 12), ("二十", 20), ("二十五", 25), ("三十一", 31),
        ("一百", 100), ("一百零三", 103), ("一百一十", 110), ("一百一", 110),
        ("三百五", 350), ("两千", 2000), ("两千五", 2500), ("一千零五十", 1050),
        ("十万", 100_000), ("两万五", 25_000), ("一万零五", 10_005),
        ("九十九万九千九百九十九", 999_999),
        # digit by digit, Arabic, full-width and mixed
        ("二零二六", 2026), ("一二三", 123), ("3", 3), ("12", 12), ("３", 3),
        ("3千5", 3500), ("12万", 120_000), (" 十二 ", 12),
    ],
)
def test_chinese_to_int(text, expected):
    assert chinese_to_int(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "  ", "三份", "两个", "十二号", "百", "万", "一万万", "十百", "二十三四",
     "abc", "😀", "3.5", "-3", "1" * 5000, "十" * 5000],
)
def test_chinese_to_int_rejects_non_numbers(text):
    assert chinese_to_int(text) is None


def test_chinese_to_int_rejects_non_strings():
    assert chinese_to_int(None) is None
    assert chinese_to_int(12) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("幺三八零零一三八零零零", "13800138000"),
        ("我的电话是幺三八 零零一三 八零零零", "我的电话是13800138000"),
        ("身份证四二零一零六一九五零零一零一幺二叉", "身份证4201061950010112X"),
        ("尾号幺二三叉", "尾号123X"),
        ("尾号123x", "尾号123X"),
        ("二〇二六年", "2026年"),
        ("138零零一三8000", "13800138000"),
        # short runs and positional numbers are left alone
        ("要三份，送到一二楼", "要三份，送到一二楼"),
        ("两千五百块", "两千五百块"),
        ("三叉路口", "三叉路口"),
        ("", ""),
        ("😀幺三八零😀", "😀1380😀"),
    ],
)
def test_spoken_digits_to_arabic(text, expected):
    # Callers normalise first, which joins the pieces a recogniser split.
    assert spoken_digits_to_arabic(normalize_utterance(text)) == expected


def test_spoken_digits_to_arabic_long_input():
    text = "嗯" * 5000 + "幺三八零零一三八零零零"
    assert spoken_digits_to_arabic(text) == "嗯" * 5000 + "13800138000"


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [
        (("20261123",), {}, "二 零 二 六 一 一 二 三"),
        (("13800138000",), {"phone_style": True}, "幺 三 八 零 零 幺 三 八 零 零 零"),
        (("13800138000",), {}, "一 三 八 零 零 一 三 八 零 零 零"),
        (("123X",), {}, "一 二 三 叉"),
        (("123x",), {"sep": ""}, "一二三叉"),
        (("138-0013-8000",), {"phone_style": True, "sep": "，"},
         "幺，三，八，零，零，幺，三，八，零，零，零"),
        (("AB12",), {}, "A B 一 二"),
        (("１２",), {}, "一 二"),
        (("幺二",), {}, "一 二"),
        (("",), {}, ""),
    ],
)
def test_read_digits(args, kwargs, expected):
    assert read_digits(*args, **kwargs) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("明 天 中 午", "明天中午"),
        ("  明天\t\n 中午 ", "明天中午"),
        ("明天　中午", "明天中午"),  # ideographic space
        ("要 ３ 份", "要 3 份"),
        ("ＡＢＣ ｘｙｚ １２３", "ABC xyz 123"),
        ("hello   world", "hello world"),
        ("好 ， 谢谢", "好，谢谢"),
        ("😀 明天", "😀 明天"),
        ("", ""),
    ],
)
def test_normalize_utterance(text, expected):
    assert normalize_utterance(text) == expected


def test_normalize_utterance_long_input():
    assert normalize_utterance("明 " * 5000) == "明" * 5000


@pytest.mark.parametrize("said, digits", [
    ("一三八0013八千", "13800138000"),            # 八千 for 8000 at the end of a phone number
    ("幺三八零零幺三八千", "13800138000"),
    ("幺三八两个零幺三八零零零", "13800138000"),  # 两个零 for 00
    ("幺三九三个八幺二三四五", "13988812345"),     # 三个八 for 888
])
def test_phone_numbers_said_with_thousands_or_repeats(said, digits):
    assert spoken_digits_to_arabic(said) == digits


@pytest.mark.parametrize("said", ["两千五百块", "每月2100元", "三个人吃", "一百零三岁"])
def test_amounts_and_counts_are_left_alone(said):
    assert spoken_digits_to_arabic(said) == said
