"""Domain speech round trip: the neural voice says a caller's request, Whisper
hears it, and the trained Rasa NLU (a real Rasa server) gets the intended intent."""
from __future__ import annotations

import json
import urllib.request

import pytest

from assistant.processes import MODEL, RASA_BIN, REPO, Server, free_port, project_env
from voice.asr.normalize import nlu_text

REQUESTS = {
    "我想订明天的午饭": "book_meal",
    # a question about getting the card: answered with what is needed, then an offer to register
    "老年证怎么办": "apply_elder_card",
    "高龄津贴一个月多少钱": "ask_policy",
    "我摔倒了起不来": "emergency",
    "帮我转人工": "request_human",
}
# Entities the answer depends on: without how_to, 老年证怎么办 would start the application form.
ENTITIES = {"老年证怎么办": "how_to"}


@pytest.fixture(scope="module")
def rasa_nlu(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run bin/train first")
    var = tmp_path_factory.mktemp("rasa")
    port = free_port()
    server = Server("rasa-nlu", [str(RASA_BIN), "run", "--model", str(MODEL), "--enable-api", "-i", "127.0.0.1",
                                 "--port", str(port)], port, project_env(var, RASA_TELEMETRY_ENABLED="false"), var)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.mark.parametrize("said, intent", REQUESTS.items())
def test_spoken_request_reaches_the_intended_intent(said, intent, tts, whisper, rasa_nlu):
    heard = nlu_text(whisper.decode(tts.synthesize(said, 16000)))
    request = urllib.request.Request(f"{rasa_nlu}/model/parse", data=json.dumps({"text": heard}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        parsed = json.load(response)
    assert parsed["intent"]["name"] == intent, f"said {said!r}, heard {heard!r}"
    if said in ENTITIES:
        assert ENTITIES[said] in [e["entity"] for e in parsed["entities"]], f"said {said!r}, heard {heard!r}"
