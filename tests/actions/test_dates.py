import datetime as dt

import pytest

from actions.dates import DateResult, parse_date, spoken_date, weekday_name

MONDAY = dt.date(2026, 11, 23)  # a Monday
D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        # relative days
        ("今天", D(2026, 11, 23)), ("今儿", D(2026, 11, 23)),
        ("明天", D(2026, 11, 24)), ("明儿", D(2026, 11, 24)),
        ("后天", D(2026, 11, 25)), ("大后天", D(2026, 11, 26)),
        ("昨天", D(2026, 11, 22)),
        # weekdays: bare = next occurrence (today included), 这 = this week,
        # 下 = next calendar week (Monday-based)
        ("周一", D(2026, 11, 23)), ("周五", D(2026, 11, 27)),
        ("这周五", D(2026, 11, 27)), ("本周五", D(2026, 11, 27)),
        ("星期天", D(2026, 11, 29)), ("礼拜天", D(2026, 11, 29)),
        ("星期日", D(2026, 11, 29)), ("周日", D(2026, 11, 29)),
        ("下周二", D(2026, 12, 1)), ("下礼拜二", D(2026, 12, 1)),
        ("下星期二", D(2026, 12, 1)), ("下个星期二", D(2026, 12, 1)),
        ("下周一", D(2026, 11, 30)), ("下周日", D(2026, 12, 6)),
        ("下下周一", D(2026, 12, 7)), ("上周五", D(2026, 11, 20)),
        ("星期3", D(2026, 11, 25)),
        # month and day
        ("十二月三号", D(2026, 12, 3)), ("12月3日", D(2026, 12, 3)),
        ("12月3号", D(2026, 12, 3)), ("１２月３号", D(2026, 12, 3)),
        ("12 月 3 日", D(2026, 12, 3)), ("十二月三十一号", D(2026, 12, 31)),
        ("十一月三号", D(2026, 11, 3)),  # named month kept, past day read back
        ("一月五号", D(2027, 1, 5)),  # earlier month → next year
        ("二〇二七年二月三号", D(2027, 2, 3)), ("2026年12月3日", D(2026, 12, 3)),
        ("2026-12-03", D(2026, 12, 3)), ("2026/12/3", D(2026, 12, 3)),
        # day of month alone: this month, next month once past
        ("二十五号", D(2026, 11, 25)), ("二十三号", D(2026, 11, 23)),
        ("三十号", D(2026, 11, 30)), ("3号", D(2026, 12, 3)),
        ("三号", D(2026, 12, 3)), ("二十二日", D(2026, 12, 22)),
        # holidays
        ("元旦", D(2027, 1, 1)), ("国庆节", D(2027, 10, 1)),
        # inside recognised speech
        ("嗯 那个 明天 就是 中午吧", D(2026, 11, 24)),
        ("我想订下周二的午饭，送到家里", D(2026, 12, 1)),
        ("明天，不对，后天", D(2026, 11, 25)),  # the correction wins
        ("今天是周一，我想订周三的", D(2026, 11, 25)),
        ("住三号楼，明天送", D(2026, 11, 24)),
        ("😀明天😀", D(2026, 11, 24)),
    ],
)
def test_parse_date(text, expected):
    result = parse_date(text, MONDAY)
    assert result is not None
    assert result.date == expected
    assert result.iso == expected.isoformat()


@pytest.mark.parametrize(
    "text, expected_date, time_of_day",
    [
        ("明天中午", D(2026, 11, 24), "中午"),
        ("嗯 那个 明天 就是 中午吧", D(2026, 11, 24), "中午"),
        ("明天晌午", D(2026, 11, 24), "中午"),
        ("后天早晨", D(2026, 11, 25), "早上"),
        ("周五傍晚", D(2026, 11, 27), "晚上"),
        ("下周二上午", D(2026, 12, 1), "上午"),
        ("十二月三号下午", D(2026, 12, 3), "下午"),
        ("中午吧，明天", D(2026, 11, 24), "中午"),
        ("今晚", D(2026, 11, 23), "晚上"),
        ("明早", D(2026, 11, 24), "早上"),
        ("明天", D(2026, 11, 24), None),
        # a time of day alone means today
        ("中午", D(2026, 11, 23), "中午"),
        ("晌午送过来", D(2026, 11, 23), "中午"),
        ("晚上", D(2026, 11, 23), "晚上"),
    ],
)
def test_time_of_day(text, expected_date, time_of_day):
    result = parse_date(text, MONDAY)
    assert (result.date, result.time_of_day) == (expected_date, time_of_day)


def test_result_shape():
    result = parse_date("嗯 明天 中午吧", MONDAY)
    assert result == DateResult(D(2026, 11, 24), "中午", "明天")
    assert result.iso == "2026-11-24"


def test_bare_weekday_on_that_weekday_is_today():
    friday = D(2026, 11, 27)
    assert parse_date("周五", friday).date == friday
    assert parse_date("这周五", friday).date == friday
    assert parse_date("下周五", friday).date == D(2026, 12, 4)
    assert parse_date("周四", friday).date == D(2026, 12, 3)


def test_this_week_may_be_past():
    assert parse_date("这周一", D(2026, 11, 27)).date == MONDAY


@pytest.mark.parametrize(
    "today, text, expected",
    [
        # year rollover
        (D(2026, 11, 23), "十二月五号", D(2026, 12, 5)),
        (D(2026, 12, 20), "一月三号", D(2027, 1, 3)),
        (D(2026, 12, 20), "5号", D(2027, 1, 5)),
        (D(2026, 12, 31), "明天", D(2027, 1, 1)),
        (D(2026, 12, 31), "下周一", D(2027, 1, 4)),
        (D(2026, 12, 31), "元旦", D(2027, 1, 1)),
        (D(2027, 1, 1), "元旦", D(2027, 1, 1)),
        # month ends and leap years
        (D(2026, 1, 31), "明天", D(2026, 2, 1)),
        (D(2026, 2, 28), "明天", D(2026, 3, 1)),
        (D(2028, 2, 28), "明天", D(2028, 2, 29)),
        (D(2026, 1, 31), "大后天", D(2026, 2, 3)),
        (D(2026, 11, 30), "1号", D(2026, 12, 1)),
        (D(2027, 11, 23), "二月二十九号", D(2028, 2, 29)),
    ],
)
def test_rollover_and_month_end(today, text, expected):
    assert parse_date(text, today).date == expected


@pytest.mark.parametrize(
    "today, text",
    [
        (MONDAY, "二月三十号"),
        (MONDAY, "二月二十九号"),  # February 2027 has 28 days
        (MONDAY, "十三月一号"),
        (MONDAY, "十二月零号"),
        (MONDAY, "三十一号"),  # November has no 31st
        (D(2026, 1, 31), "三十号"),  # past, and February has no 30th
        (MONDAY, "2026-02-30"),
        (MONDAY, "三十二号"),
    ],
)
def test_invalid_dates_give_none(today, text):
    assert parse_date(text, today) is None


@pytest.mark.parametrize(
    "text",
    ["", "   ", "好的", "我要三份", "住三号楼", "坐一号线", "一周三次",
     "幺三八零零一三八零零零", "😀😀😀", "x" * 5000, "明" * 5000],
)
def test_no_date_gives_none(text):
    assert parse_date(text, MONDAY) is None


def test_non_string_gives_none():
    assert parse_date(None, MONDAY) is None


def test_long_input():
    text = "嗯" * 2500 + "下周二中午" + "啊" * 2500
    result = parse_date(text, MONDAY)
    assert (result.iso, result.time_of_day, result.span) == ("2026-12-01", "中午", "下周二")


def test_accepts_datetime_as_today():
    assert parse_date("明天", dt.datetime(2026, 11, 23, 23, 59)).date == D(2026, 11, 24)


def test_default_today_is_a_date():
    assert isinstance(parse_date("今天").date, dt.date)


@pytest.mark.parametrize(
    "day, expected",
    [(D(2026, 11, 23), "星期一"), (D(2026, 11, 24), "星期二"),
     (D(2026, 11, 28), "星期六"), (D(2026, 11, 29), "星期天")],
)
def test_weekday_name(day, expected):
    assert weekday_name(day) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 11, 23), "今天，十一月二十三号，星期一"),
        (D(2026, 11, 24), "明天，十一月二十四号，星期二"),
        (D(2026, 11, 25), "后天，十一月二十五号，星期三"),
        (D(2026, 11, 26), "十一月二十六号，星期四"),
        (D(2026, 12, 10), "十二月十号，星期四"),
        (D(2026, 12, 1), "十二月一号，星期二"),
        (D(2027, 1, 1), "二零二七年一月一号，星期五"),
    ],
)
def test_spoken_date(day, expected):
    assert spoken_date(day, MONDAY) == expected


@pytest.mark.parametrize(
    "day", [MONDAY, D(2026, 11, 24), D(2026, 12, 31), D(2027, 1, 1), D(2027, 11, 2)]
)
def test_spoken_date_round_trips_through_parse_date(day):
    assert parse_date(spoken_date(day, MONDAY), MONDAY).date == day


@pytest.mark.parametrize(
    "text, expected",
    [
        ("十二月三号，星期四", D(2026, 12, 3)),
        ("明天星期二", D(2026, 11, 24)),
        ("三号，就是星期四", D(2026, 12, 3)),
        ("明天，不对，星期四", D(2026, 11, 26)),  # a correction, not an aside
        ("明天，下周四", D(2026, 12, 3)),
    ],
)
def test_weekday_restating_a_date(text, expected):
    assert parse_date(text, MONDAY).date == expected
