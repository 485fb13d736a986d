"""A real outbound care call (e2e): kamailio (Debian's package) plays the carrier. The gateway
REGISTERs with digest auth (401), dials an elder's baresip phone registered with kamailio (the
INVITE is challenged 407 and answered), the elder's phone answers, and the call runs through the
hotline's own Call pipeline: the elder hears the assistant, whose first turn is the check-in's
opening payload. Inbound keeps working through the same registration. Runs in .venv-voice; needs
kamailio and baresip."""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np
import pytest

from assistant.processes import free_port
from tests.phone.conftest import offline_settings, tts, whisper  # noqa: F401 (fixtures)
from tests.support.baresip import Baresip, write_wav
from voice.phone.outbound import Opening, OutboundGateway, Trunk

KAMAILIO = shutil.which("kamailio") or "/usr/sbin/kamailio"
CONFIG = Path(__file__).with_name("kamailio.cfg")
ELDER = "13800138000"
GATEWAY_PASS, ELDER_PASS = "gw-secret-12349", "elder-secret-12349"
DOMAIN = "12349.test"

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not Path(KAMAILIO).exists() or not shutil.which("baresip"),
                                                  reason="kamailio or baresip not installed")]


@pytest.fixture
def carrier(tmp_path):
    port = free_port()
    log = open(tmp_path / "kamailio.log", "wb")
    proc = subprocess.Popen([KAMAILIO, "-f", str(CONFIG), "-l", f"udp:127.0.0.1:{port}", "-D", "-E",
                             "-Y", str(tmp_path), "-P", str(tmp_path / "kamailio.pid"),
                             "-A", f'GATEWAY_PASS="{GATEWAY_PASS}"', "-A", f'ELDER_PASS="{ELDER_PASS}"'],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    time.sleep(1.0)
    assert proc.poll() is None, (tmp_path / "kamailio.log").read_text(errors="replace")
    yield port, tmp_path / "kamailio.log"
    proc.terminate()
    proc.wait(10)


class RegisteredPhone(Baresip):
    """An elder's phone registered with the carrier (digest auth), answering by itself."""

    def __init__(self, home: Path, user: str, proxy_port: int):
        home.mkdir(parents=True, exist_ok=True)
        quiet = write_wav(home / "quiet.wav", np.zeros(8000 * 30, np.float32))  # baresip's tone source is 48 kHz only
        super().__init__(home, user, microphone=quiet, auto_answer=True)
        self.proxy_port = proxy_port

    def _configure(self) -> None:
        super()._configure()
        (self.home / "accounts").write_text(
            f"<sip:{self.user}@{DOMAIN}>;auth_pass={ELDER_PASS};outbound=\"sip:127.0.0.1:{self.proxy_port}\";"
            f"regint=60;answermode=auto\n")


@pytest.fixture
def elder_phone(carrier, tmp_path):
    phone = RegisteredPhone(tmp_path / "elder", ELDER, carrier[0]).start()
    deadline = time.monotonic() + 10  # the REGISTER_OK event may come before ctrl_tcp is connected: read the log
    while f"{ELDER}@{DOMAIN}: {{0/UDP/v4}} 200 OK" not in phone.log_path.read_text(errors="replace"):
        assert time.monotonic() < deadline, phone.log_path.read_text(errors="replace")
        time.sleep(0.2)
    yield phone
    phone.stop()


class TriggerRasa:
    """Rasa's two doors a care call uses: trigger_intent (the opening) and the REST webhook (answers)."""

    def __init__(self):
        self.triggered: list[tuple[str, dict]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                path = urlparse(self.path).path
                if path.endswith("/trigger_intent"):
                    owner.triggered.append((path, body))
                    answer = {"messages": [{"text": "张建国您好，我是12349热线，打电话来问候您。您最近身体怎么样？",
                                            "custom": {"expect": {"kind": "options", "slot": "checkin_feeling",
                                                                  "options": ["好", "一般", "不舒服"]}}}]}
                else:
                    answer = [{"text": "好的，您多保重。"}]
                payload = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def rasa():
    fake = TriggerRasa()
    yield fake
    fake.server.shutdown()


@pytest.fixture
def gateway(carrier, offline_settings, whisper, tts, rasa, tmp_path):  # noqa: F811 (fixtures imported above)
    settings = dataclasses.replace(offline_settings, sip_port=0, var_dir=tmp_path / "gw", rasa_url=rasa.url)
    trunk = Trunk(("127.0.0.1", carrier[0]), DOMAIN, "12349", GATEWAY_PASS)
    gw = OutboundGateway(settings, whisper, tts, trunk).start()
    yield gw
    gw.stop()


def test_the_gateway_registers_and_dials_an_elder_through_the_carrier(carrier, elder_phone, gateway, rasa):
    assert gateway.register()  # after kamailio's 401
    first = Opening("checkin_start", {"care_job": "42", "care_name": "张建国", "care_channel": "phone"})
    dialled = gateway.dial(ELDER, ring_timeout=15, opening=first)
    assert dialled.outcome == "answered", dialled
    assert elder_phone.wait_event("CALL_ESTABLISHED", 5)
    deadline = time.monotonic() + 20
    heard = np.zeros(0)
    while time.monotonic() < deadline:  # the pipeline's greeting reaches the elder's ear
        heard, _rate = elder_phone.heard()
        if heard.size and np.sqrt(np.mean(heard ** 2)) > 0.01:
            break
        time.sleep(0.5)
    assert heard.size and np.sqrt(np.mean(heard ** 2)) > 0.01
    # the check-in, not the hotline greeting, opens the call: triggered in this call's conversation
    path, body = rasa.triggered[0]
    assert body == {"name": "checkin_start", "entities": first.entities}
    assert dialled.call.sender_id in unquote(path)
    log = carrier[1].read_text(errors="replace")
    assert "REGISTER 12349: challenged" in log and "REGISTER 12349: saved" in log
    assert f"INVITE from 12349 to {ELDER}: challenged" in log and f"INVITE from 12349 to {ELDER}: relayed" in log


def test_a_wrong_password_is_refused_and_an_unknown_number_fails(carrier, elder_phone, gateway):
    bad = OutboundGateway(gateway.settings, gateway.shared.asr, gateway.shared.tts.tts,
                          dataclasses.replace(gateway.trunk, password="wrong")).start()
    try:
        assert not bad.register()
        assert bad.dial(ELDER, ring_timeout=5).outcome != "answered"
    finally:
        bad.stop()
    assert gateway.dial("13900000000", ring_timeout=5).outcome == "failed"  # nobody registered: 404


def test_inbound_calls_still_reach_the_registered_gateway(carrier, elder_phone, gateway):
    assert gateway.register()
    elder_phone.dial(f"sip:12349@{DOMAIN}")
    assert elder_phone.wait_event("CALL_ESTABLISHED", 10), elder_phone.log_path.read_text(errors="replace")
    elder_phone.hang_up()
