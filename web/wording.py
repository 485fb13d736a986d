"""What the gateway itself says to the user, short and polite; the assistant's dialogue is Rasa's
(assistant/domain). Each text here is said where Rasa cannot be asked or has not been: the page's
limits and errors (refused before a turn starts), the login page, a voice note with nothing
recognised (no text reaches Rasa; it names this page's button), and the apology when Rasa is down —
which must exist without Rasa, so it cannot live in Rasa's domain."""
from __future__ import annotations


def too_long(length: int, limit: int) -> str:
    return f"您这条消息有{length}个字，太长了，我一次看不完。请分几次发给我，每次不超过{limit}个字。"


EMPTY = "请先写下您想说的话，再点“发送”。"
BAD_SENDER = "页面的会话编号不对，请刷新一下页面。"


def rasa_down(hotline: str) -> str:
    return f"对不起，系统暂时有点忙，请过一会儿再试，或者拨打{hotline}。您的话我已经记下了。"


NOT_HEARD = "没有听清楚。请按住按钮再说一遍，或者打字告诉我。"
NOT_HEARD_USER = "（语音没有听清）"
VOICE_ERRORS = {
    "too_long": "语音太长了，请说短一点，不要超过{max_s}秒。",
    "unreadable": "这段录音打不开，请按住按钮重新录一次。",
    "empty": "没有录到声音，请按住按钮说话，说完再松开。",
}
ASR_DOWN = "语音识别暂时用不了，请打字告诉我。"
TTS_DOWN = "语音播放暂时用不了，请看文字。"
NOT_FOUND = "找不到这条消息。"
BAD_REQUEST = "页面发来的内容不对，请刷新一下页面。"
BODY_TOO_LARGE = "发来的内容太大了，请分几次发。"
LOGIN_FAILED = "用户名或密码不对，请再试一次。"
LOGIN_LOCKED = "密码错的次数太多了，请过一刻钟再试。"
