"""nginx in front of Rasa: a webhook turn no instance can answer is still answered, with the apology."""
from __future__ import annotations

import http.server
import shutil
import threading

import httpx
import pytest

from assistant.deploy import nginx
from assistant.deploy.apology import BUSY_APOLOGY
from assistant.processes import Server, free_port, project_env

pytestmark = pytest.mark.skipif(not shutil.which("nginx"), reason="nginx not installed")


class Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"Internal Server Error")

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def balancer(tmp_path):
    failing = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=failing.serve_forever, daemon=True).start()
    listen, nobody = free_port(), free_port()  # nothing listens on ``nobody``: refused
    config = nginx.write_config(tmp_path / "nginx", {"rasa": (listen, [failing.server_port, nobody])})
    server = Server("balancer", nginx.command(config), listen, project_env(tmp_path), tmp_path).start()
    yield f"http://127.0.0.1:{listen}"
    server.stop()
    failing.shutdown()


def test_failed_turns_are_answered_with_the_apology_in_rest_format(balancer):
    for _ in range(3):  # round robin: the 500 instance and the refused one both get turns
        response = httpx.post(f"{balancer}/webhooks/rest/webhook", json={"sender": "x", "message": "你好"}, timeout=10)
        assert response.status_code == 200
        messages = response.json()
        assert messages[0]["text"] == BUSY_APOLOGY and messages[1]["custom"] == {"retry": True}


def test_other_paths_keep_their_error_status(balancer):
    response = httpx.get(f"{balancer}/status", timeout=10)
    assert response.status_code in (500, 502)  # the HTTP API is not dressed up as a conversation turn
