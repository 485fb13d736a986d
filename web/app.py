"""The widget gateway: the page, its conversation API, voice notes and spoken answers.

    GET  /                      the page (static files under /static)
    GET  /api/health            the page's heartbeat (reconnect banner)
    GET  /api/history?sender=   the conversation so far (reload)
    POST /api/message           {"sender", "client_id", "text", "payload"?} → the turn's messages
    POST /api/voice?sender=&client_id=   body: a WAV recording → the turn's messages
    GET  /api/tts?sender=&id=   an answer as speech (WAV; slower where Rasa asked for it)
    POST /api/login             {"login", "password"} → a server-side session (HttpOnly cookie)
    POST /api/logout, GET /api/me

A thin adapter over the turn pipeline (voice/pipeline): typed text goes in by its
text entry, a voice note by its audio-clip entry (STT with what the last question
expects, then Rasa), an answer comes out as a bubble (web/replies.py) or as speech
(the pipeline's rendering). Errors carry a Chinese ``detail`` the page shows as it is.
"""
from __future__ import annotations

import logging
import re
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from assistant.rasa_client import RasaClient, Reply
from voice.audio import ASR_RATE, AudioError, read_audio
from voice.pipeline import ErrorCode, EventType, Pipeline

from . import operator, wording
from .login import COOKIE, Accounts, Sessions, conversation_tag
from .replies import widget_messages
from .speech import TTS_RATE, LazyTts, LoadingAsr, wav_bytes
from .transcript import Message, Transcript

log = logging.getLogger("web")
STATIC = Path(__file__).resolve().parent / "static"
SENDER = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_JSON_BYTES = 65536  # read whole, so a pasted page (10,000 characters ≈ 30 KB) still gets the polite "too long" notice
CONVERSATIONS = 500  # pipelines kept (each remembers what its last question expects); older ones start afresh
# no inline script, nothing from elsewhere: injected markup could not run even if it got in
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'")


class TypedMessage(BaseModel):
    sender: str
    client_id: str
    text: str = ""
    payload: str | None = None  # a quick reply: shown as ``text``, sent to Rasa as ``payload``


class Credentials(BaseModel):
    login: str
    password: str


def _check_ids(sender: str, client_id: str | None = None) -> None:
    if not SENDER.match(sender or "") or (client_id is not None and not SENDER.match(client_id)):
        raise HTTPException(422, wording.BAD_SENDER)


class Conversations:
    """One pipeline per Rasa conversation, the least recently used dropped beyond ``limit``."""

    def __init__(self, settings, limit: int = CONVERSATIONS):
        self.settings, self.limit = settings, limit
        self.asr, self.tts = LoadingAsr(settings), LazyTts(settings)
        self.rasa = RasaClient.from_settings(settings)
        self.pipelines: OrderedDict[str, Pipeline] = OrderedDict()

    def __call__(self, sender_id: str) -> Pipeline:
        pipeline = self.pipelines.pop(sender_id, None) or Pipeline(
            self.asr, self.tts, self.rasa, self.settings, channel="widget", sender_id=sender_id,
            in_rate=ASR_RATE, out_rate=TTS_RATE)
        self.pipelines[sender_id] = pipeline
        while len(self.pipelines) > self.limit:
            self.pipelines.popitem(last=False)
        return pipeline


def create_app(settings) -> FastAPI:
    transcript = Transcript(Path(settings.var_dir) / "widget.sqlite")
    conversations = Conversations(settings)
    accounts, sessions = Accounts(settings.widget_users), Sessions()
    max_voice_bytes = int(settings.voice_note_max_s * 48000 * 2) + 4096  # 16-bit mono ≤ 48 kHz + header

    @asynccontextmanager
    async def lifespan(_app):
        conversations.asr.start_loading()
        yield
        await conversations.rasa.aclose()
        transcript.close()

    app = FastAPI(title="12349 chat widget", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        refused = _refuse_body(request, max_voice_bytes if request.url.path == "/api/voice" else MAX_JSON_BYTES)
        response = refused or await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Cache-Control", "no-cache")
        return response

    @app.exception_handler(RecursionError)
    async def too_deep(_request: Request, _exc: RecursionError):  # JSON nested thousands deep
        return JSONResponse({"detail": wording.BAD_REQUEST}, status_code=422)

    def login_of(request: Request) -> tuple[str, str]:
        """(login, conversation tag): who the user is, decided here and never by the page."""
        if settings.widget_login:  # development switch
            return settings.widget_login, ""
        if settings.widget_login_header:
            return request.headers.get(settings.widget_login_header, ""), ""
        session_id = request.cookies.get(COOKIE)
        login = sessions.login(session_id)
        return (login, conversation_tag(session_id)) if login else ("", "")

    def conversation(request: Request, sender: str) -> tuple[Pipeline, dict]:
        """The pipeline of this page's Rasa conversation and the turn's metadata (the login, signed by
        the one Rasa client with widget_secret)."""
        login, tag = login_of(request)
        pipeline = conversations(f"widget-{sender}" + (f"-{tag}" if tag else ""))
        return pipeline, ({"login": login} if login else {})

    def answered(sender: str, user: Message, reply: Reply | None) -> list[Message]:
        """Store and return the answers to ``user``; Rasa down: the apology, the message kept."""
        if reply is None:
            log.warning("message %s: Rasa unavailable", user.id)
            sorry = transcript.add(sender, "assistant", wording.rasa_down(settings.hotline),
                                   extra={"error": "rasa_unavailable"}, reply_to=user.id)
            return [user, sorry]
        stored = [transcript.add(sender, "assistant", b["text"], extra=b["extra"], reply_to=user.id)
                  for b in widget_messages(reply.messages)]
        return [user, *stored]

    def retried(sender: str, client_id: str) -> list[Message] | None:
        """A turn the page sends again (same client id) that was answered already: from the transcript."""
        user = transcript.by_client_id(sender, client_id)
        done = transcript.replies(user.id) if user else []
        return [user, *done] if done else None

    async def turn(request: Request, sender: str, client_id: str, shown: str, kind: str,
                   said: str) -> list[Message]:
        """Store the user's message, ask Rasa through the pipeline, store and return the answers."""
        done = retried(sender, client_id)
        if done:
            return done
        user = transcript.by_client_id(sender, client_id) or transcript.add(sender, "user", shown, kind,
                                                                            client_id=client_id)
        pipeline, metadata = conversation(request, sender)
        return answered(sender, user, await pipeline.run_text(said, metadata))

    @app.get("/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "index.html")

    @app.get("/api/health")
    async def health():
        return {"ok": True}

    @app.post("/api/login")
    async def log_in(body: Credentials, request: Request):
        login = body.login.strip()[:64]
        if accounts.locked(login):
            raise HTTPException(429, wording.LOGIN_LOCKED)
        if not await run_in_threadpool(accounts.check, login, body.password[:256]):
            raise HTTPException(401, wording.LOGIN_FAILED)
        sessions.end(request.cookies.get(COOKIE))
        response = JSONResponse({"login": login})
        response.set_cookie(COOKIE, sessions.start(login), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    @app.post("/api/logout")
    async def log_out(request: Request):
        sessions.end(request.cookies.get(COOKIE))
        response = JSONResponse({"login": None})
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    @app.get("/api/me")
    async def me(request: Request):
        fixed = bool(settings.widget_login or settings.widget_login_header)  # the site decides, not a form
        return {"login": login_of(request)[0] or None, "fixed": fixed}

    @app.get("/api/history")
    async def history(sender: str):
        _check_ids(sender)
        return {"messages": [m.public() for m in transcript.history(sender)]}

    @app.post("/api/message")
    async def message(body: TypedMessage, request: Request):
        _check_ids(body.sender, body.client_id)
        text = body.text.strip()
        if not text:
            raise HTTPException(422, wording.EMPTY)
        if len(text) > settings.widget_max_chars:
            raise HTTPException(413, wording.too_long(len(text), settings.widget_max_chars))
        kind = "button" if body.payload else "text"
        said = (body.payload or text)[: settings.widget_max_chars]
        messages = await turn(request, body.sender, body.client_id, text, kind, said)
        return {"messages": [m.public() for m in messages]}

    @app.post("/api/voice")
    async def voice(request: Request, sender: str = Query(...), client_id: str = Query(...)):
        _check_ids(sender, client_id)
        done = retried(sender, client_id)
        if done:  # a note already recognised and answered
            return {"messages": [m.public() for m in done]}
        max_s = settings.voice_note_max_s
        wav = bytearray()
        async for chunk in request.stream():  # the length header was checked; a lying one stops here
            wav += chunk
            if len(wav) > max_voice_bytes:
                raise HTTPException(413, wording.VOICE_ERRORS["too_long"].format(max_s=int(max_s)))
        try:
            audio, rate = await run_in_threadpool(read_audio, bytes(wav), max_s)
        except AudioError as exc:
            detail = wording.VOICE_ERRORS.get(exc.reason, wording.VOICE_ERRORS["unreadable"])
            raise HTTPException(422, detail.format(max_s=int(max_s))) from exc
        pipeline, metadata = conversation(request, sender)
        heard_from = len(pipeline.events)
        # recognition and Rasa are one pipeline run: the recognised text is stored with its answer
        heard, reply = await pipeline.run_audio_clip(audio, rate, metadata)
        failed = [e for e in pipeline.events[heard_from:] if e.type == EventType.ERROR
                  and e.get("code") == ErrorCode.STT_FAILED]
        if failed:  # no ASR engine: say so, typing still works
            log.error("voice note: ASR unavailable: %s", failed[0].get("message"))
            raise HTTPException(503, wording.ASR_DOWN)
        if not heard:
            user = transcript.add(sender, "user", wording.NOT_HEARD_USER, "voice", {"heard": False}, client_id)
            again = transcript.add(sender, "assistant", wording.NOT_HEARD, reply_to=user.id)
            return {"messages": [user.public(), again.public()]}
        user = transcript.add(sender, "user", heard, "voice", client_id=client_id)
        return {"messages": [m.public() for m in answered(sender, user, reply)]}

    @app.get("/api/tts")
    async def tts(request: Request, sender: str, id: int):  # id: the message's, as the page names it
        _check_ids(sender)
        said = transcript.get(sender, id)
        if said is None or said.role != "assistant" or not said.text:
            raise HTTPException(404, wording.NOT_FOUND)
        # the pipeline renders the stored answer as it renders a voice reply: slower where Rasa asked
        answer = Reply([{"text": said.text}, {"custom": {"speech_rate": said.extra.get("speech_rate")}}])
        try:
            audio = await conversation(request, sender)[0].speak(answer, TTS_RATE)
        except Exception as exc:  # no voice installed: the text is still there
            log.error("tts: %s", exc)
            raise HTTPException(503, wording.TTS_DOWN) from exc
        return Response(await run_in_threadpool(wav_bytes, audio, TTS_RATE), media_type="audio/wav",
                        headers={"Cache-Control": "private, max-age=86400"})

    operator.install(app, settings)  # the desk's take-over (web/operator.py): a held conversation goes to a person
    return app


def _refuse_body(request: Request, limit: int) -> JSONResponse | None:
    """A request body over ``limit`` bytes, or one of unknown length, is refused before it is read."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    length = request.headers.get("content-length")
    if length is None:
        return JSONResponse({"detail": wording.BAD_REQUEST}, status_code=411)
    # as voice/phone/sip.py: Starlette reads headers as latin-1, so '²' is a digit that int() refuses
    if not (length.isascii() and length.isdigit() and len(length) < 10) or int(length) > limit:
        return JSONResponse({"detail": wording.BODY_TOO_LARGE}, status_code=413)
    return None
