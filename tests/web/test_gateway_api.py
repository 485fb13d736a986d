"""The gateway's API on its own: retries, a Rasa that is down, unusable voice notes, spoken answers."""
from __future__ import annotations

import io
import uuid

import httpx
import numpy as np
import pytest
import soundfile as sf

from assistant.processes import free_port
from tests.web.gateway import Gateway


def new_id() -> str:
    return uuid.uuid4().hex


def post(gateway, text, sender, client_id=None):
    return httpx.post(f"{gateway.url}/api/message", timeout=120,
                      json={"sender": sender, "client_id": client_id or new_id(), "text": text})


def wav_bytes(audio: np.ndarray, rate: int = 16000) -> bytes:
    out = io.BytesIO()
    sf.write(out, audio, rate, format="WAV", subtype="PCM_16")
    return out.getvalue()


def test_a_retried_message_reaches_rasa_once_and_gets_the_same_answer(gateway, stack):
    sender, client_id = new_id(), new_id()
    first = post(gateway, "你好", sender, client_id).json()["messages"]
    again = post(gateway, "你好", sender, client_id).json()["messages"]
    assert [m["id"] for m in again] == [m["id"] for m in first] and len(first) >= 2
    tracker = stack.rasa_api("GET", f"/conversations/widget-{sender}/tracker").json()
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == ["你好"]
    history = httpx.get(f"{gateway.url}/api/history", params={"sender": sender}).json()["messages"]
    assert [m["text"] for m in history if m["role"] == "user"] == ["你好"]


def test_the_widget_login_identifies_the_elder(gateway):
    answer = post(gateway, "查一下我的补贴", new_id()).json()["messages"]
    said = "".join(m["text"] for m in answer if m["role"] == "assistant")
    assert "元" in said and "最后四位" not in said


def test_rasa_down_gets_an_apology_with_the_hotline_and_the_message_is_kept(stack, tmp_path):
    with Gateway(stack.env, tmp_path, rasa_url=f"http://127.0.0.1:{free_port()}") as lonely:
        sender = new_id()
        answer = post(lonely, "我想订明天的午饭", sender).json()["messages"]
        assert answer[-1]["role"] == "assistant" and "12349" in answer[-1]["text"]
        history = httpx.get(f"{lonely.url}/api/history", params={"sender": sender}).json()["messages"]
        assert history[0]["text"] == "我想订明天的午饭"


@pytest.mark.parametrize("text, status, says", [("", 422, "写下"), ("   ", 422, "写下"),
                                                ("好" * 501, 413, "不超过500个字")])
def test_empty_and_too_long_messages_are_refused_politely(gateway, text, status, says):
    response = post(gateway, text, new_id())
    assert response.status_code == status and says in response.json()["detail"]


def test_a_bad_sender_id_is_refused(gateway):
    response = post(gateway, "你好", "../../etc")
    assert response.status_code == 422 and "刷新" in response.json()["detail"]


def voice(gateway, body: bytes, sender: str | None = None):
    return httpx.post(f"{gateway.url}/api/voice", params={"sender": sender or new_id(), "client_id": new_id()},
                      content=body, headers={"Content-Type": "audio/wav"}, timeout=120)


def test_an_unreadable_voice_note_says_why(gateway):
    response = voice(gateway, b"this is not audio" * 100)
    assert response.status_code == 422 and "打不开" in response.json()["detail"]


def test_an_over_long_voice_note_is_refused(gateway):
    response = voice(gateway, wav_bytes(np.zeros(8000 * 121, np.float32), 8000))
    assert response.status_code == 422 and "太长" in response.json()["detail"]


def test_a_silent_voice_note_is_asked_again(gateway):
    sender = new_id()
    messages = voice(gateway, wav_bytes(np.zeros(16000 * 2, np.float32)), sender).json()["messages"]
    assert "没有听清" in messages[-1]["text"]


def test_an_answer_is_served_as_speech_of_its_length(gateway):
    sender = new_id()
    answer = [m for m in post(gateway, "你好", sender).json()["messages"] if m["role"] == "assistant"][0]
    response = httpx.get(f"{gateway.url}/api/tts", params={"sender": sender, "id": answer["id"]}, timeout=120)
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    audio, rate = sf.read(io.BytesIO(response.content))
    seconds = len(audio) / rate
    # about 130 characters a minute, pauses included: the greeting takes several seconds
    assert seconds > len(answer["text"]) * 60 / 200 and np.abs(audio).max() > 0.1
    other = httpx.get(f"{gateway.url}/api/tts", params={"sender": new_id(), "id": answer["id"]}, timeout=30)
    assert other.status_code == 404  # someone else's conversation is not read out
