"""What a short answer inside a form means: a clear yes, a clear no, a request to stop, or nothing clear.

Read from the words, not from the intent alone: the NLU hears 嗯啊哦哎呀 as affirm
and 对了对了 as deny, and 对，谢谢啊 as thanks. A yes must be made of yes words
(对 / 是的 / 行 / 好 / 中 / 要得 / 可以 …) once fillers are taken out; anything else
is not a yes. Stopping a form needs an explicit stop word (算了 / 不订了 / 取消 /
不办了); 想订顿饭 is no stop.
"""
from __future__ import annotations

import re
from typing import Optional, Text

_PUNCT = re.compile(r"[\s，,。.！!？?；;：:、~～…]+")
# Emoji and symbols (对👍, 好的👌) carry no answer of their own.
_NOT_WORDS = re.compile(r"[^\w]|_")
# Particles and fillers an answer may carry around its yes / no.
# Sentence-final particles of the four cities too: 咯 / 哒 / 噻 / 撒 (Hunan, Wuhan), 着嘞 (Henan), 啰 / 喽.
_FILLERS = re.compile(r"那个|就是|谢谢你?们?|麻烦你?了?|[嗯啊呀哦噢哎唉呢吧嘛啦哈呐哇喔嘞那咯哒噻撒啰喽哟嗬]")  # 那行 / 那好吧: a yes
# Regional yeses too: 对头 / 是滴 (Hunan, Sichuan), 系 / 冇问题 / 得 (Cantonese), 中 / 管 (Henan).
_YES_WORDS = ("没问题", "冇问题", "没错", "对头", "对滴", "是滴", "好滴", "对的", "是的", "好的", "可以", "要得", "确认", "正确",
              "就这样", "就这么办", "就这么", "这样", "系", "得", "管",
              "中", "行", "对", "是", "好", "成", "要", "订", "约", "办", "登记", "了", "的", "呗", "都", "帮我",
              "给我", "吧", "就这么定", "定", "就这", "按这个", "这个", "提交", "妥", "没得问题", "冇得问题", "没啥问题", "没什么问题", "冇乜问题", "着")
_YES_WORDS_LONGEST_FIRST = tuple(sorted(_YES_WORDS, key=len, reverse=True))
_YES_CORE = re.compile(r"没啥问题|没什么问题|冇乜问题|没问题|冇问题|没错|对|是|行|好|可以|要得|确认|正确|中|成|系|得|管|就这样|就这么办")
_NO = re.compile(r"不对|不是|不行|不好|不要|不用|不中|不成|要不得|错了|没有|不可以|不")
_STOP = re.compile(r"算了|取消|以后再说|下次再说|改天再说|不(?:预订|订|约|办|申请|弄|登记|投诉|查|找|买)(?:了|$)"
                   r"|^(?:我|那|那就|我们)?(?:就|都|先)?不要了$")
_KEY = re.compile(r"^[0-9]$")


def clean(text: Text) -> Text:
    return _NOT_WORDS.sub("", _PUNCT.sub("", text or ""))


def is_yes(text: Text) -> bool:
    """A clear yes: yes words only (对了对了, 对对对, 中, 要得, 行，就这么订吧), no negation, nothing else."""
    said = clean(text)
    if not said or _NO.search(said):
        return False
    if re.fullmatch(r"嗯+(?:嗯|呢|哪)*", said):
        return True  # a plain 嗯 to a read-back
    rest = _FILLERS.sub("", said)
    if not rest or not _YES_CORE.search(rest):
        return False
    for word in _YES_WORDS_LONGEST_FIRST:
        rest = rest.replace(word, "")
    return rest == ""


def is_no(text: Text) -> bool:
    """A plain no: 不对 / 不是 / 不行, with no value after it."""
    said = _FILLERS.sub("", clean(text))
    return bool(said) and bool(re.fullmatch(r"(?:不对|不是|不行|不好|不要|不用|不需要|错了|不中|不成|要不得|不)+(?:的|了)?", said))


def wants_stop(text: Text) -> bool:
    """An explicit 算了 / 不订了 / 取消 / 不办了 (not 想订顿饭, not 不要上午 said as a correction)."""
    return bool(_STOP.search(_FILLERS.sub("", clean(text))))


def first_clause(text: Text) -> Text:
    return re.split(r"[\s，,。.！!？?；;]", (text or "").strip(), maxsplit=1)[0]


def key_pressed(text: Text) -> Optional[int]:
    """A single keypad digit sent as the caller's words (the phone sends digits ended by #)."""
    said = clean(text)
    return int(said) if _KEY.match(said) else None
