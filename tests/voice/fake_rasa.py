"""A tiny stand-in for Rasa's REST channel on loopback: a fixed answer per keyword."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWERS = [
    ("午饭", "好的，明天的午饭已经为您订好了。"),
    ("午餐", "好的，明天的午饭已经为您订好了。"),
    ("老年证", "办理老年证，请带上身份证和户口本。"),
    ("人工", None),  # hand-over payload
]
DEFAULT = "请问您需要什么帮助？"


class FakeRasa:
    def __init__(self):
        self.requests: list[dict] = []
        self.parsed: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path.split("?")[0] == "/model/parse":  # Rasa's HTTP API (?token=…): no turn, not recorded
                    owner.parsed.append(body["text"])
                    answer, status = owner.intent(body["text"]), 200
                else:
                    owner.requests.append(body)
                    answer = owner.answer(body["message"])
                    status = 200 if self.path == "/webhooks/rest/webhook" else 404
                payload = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def intent(text: str) -> dict:
        """Sure of the keyword requests, unsure of anything else."""
        sure = any(keyword in text for keyword, _ in ANSWERS)
        return {"text": text, "intent": {"name": "known" if sure else "nlu_fallback",
                                         "confidence": 0.98 if sure else 0.3}}

    @staticmethod
    def answer(message: str) -> list[dict]:
        for keyword, text in ANSWERS:
            if keyword in message:
                if text is None:
                    return [{"text": "好的，马上为您转接人工。"}, {"custom": {"handover": True}}]
                return [{"recipient_id": "x", "text": text}]
        return [{"recipient_id": "x", "text": DEFAULT}]

    def __enter__(self) -> "FakeRasa":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
