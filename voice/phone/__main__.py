"""python -m voice.phone — the SIP hotline gateway.

Loads one ASR model and one voice for all calls, answers SIP on udp sip_host:sip_port, and
answers "ok <calls>" on tcp 127.0.0.1:hotline_health_port while it runs (bin/run waits on that).
"""
from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
import socketserver
import threading

from assistant.settings import load

from ..asr.select import load_engine
from ..pipeline import prompts
from ..tts import Tts, load_voice
from .gateway import Gateway


def health_server(port: int, gateway: Gateway) -> socketserver.TCPServer:
    class Health(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(f"ok {len(gateway.calls)}\n".encode())

    socketserver.TCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), Health)
    threading.Thread(target=server.serve_forever, name="health", daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="SIP UDP port (default: E12349_SIP_PORT)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every pipeline event")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load()
    if args.port is not None:
        settings = dataclasses.replace(settings, sip_port=args.port)
    asr = load_engine(settings)
    tts = Tts(load_voice(settings), settings.speaking_rate_cpm, settings.sentence_pause_s, settings.voice_cache_dir)
    for text in prompts.fixed_prompts(settings.hotline):  # rendered once, before the first caller waits
        tts.synthesize(text, 8000, persist=True)
    gateway = Gateway(settings, asr, tts).start()
    health = health_server(settings.hotline_health_port, gateway)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    logging.info("hotline ready: dial %s", gateway.uri)
    stop.wait()
    health.shutdown()
    gateway.stop()


if __name__ == "__main__":
    main()
