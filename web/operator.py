"""Operator take-over in the chat widget: while the desk holds a conversation, the elder writes to a person.

The one call 'channels' adds to web/app.py, at the end of ``create_app`` before ``return app``::

    from . import operator
    operator.install(app, settings)

What it adds:
- ``POST /api/message`` while the desk holds this page's conversation (desk: ``/desk/v1/live/messages``
  answers 201): the message is stored in the same transcript and goes to the operator, not to Rasa
  (which the desk has paused); the answer is just the stored message. Not held, or the desk does not
  answer: the request goes on to Rasa as before (the bot never goes silent because the desk is down).
- ``POST /api/voice`` while held: recognised as usual, then the text goes to the operator too.
- ``GET /api/operator/events?sender=&wait=`` — long poll (≤ 20 s): the operator's messages, stored in the
  transcript as assistant messages carrying ``extra.operator`` (the operator's name; a reload shows them,
  ``/api/tts`` reads them out), desk notices as ``extra.desk_notice``; plus ``held``.
- ``GET /api/operator/live.js`` — the page's part: it polls only while a person holds the conversation
  (after an answer with ``extra.handover`` or when the page opens held) and shows the operator's name.
  ``install`` adds its ``<script>`` tag to the page unless index.html already has it.

The page's conversation is Rasa's ``widget-<sender>[-<login tag>]``; the desk finds it by that prefix.
"""
from __future__ import annotations

import asyncio
import json
import logging
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response


from .transcript import Transcript

log = logging.getLogger("web.operator")
SCRIPT = '<script src="/api/operator/live.js"></script>'
INDEX = Path(__file__).resolve().parent / "static" / "index.html"
MAX_WAITERS = 200  # long polls this gateway holds at once; more answer at once
ID_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")

LIVE_JS = r"""// The operator's part of the widget (served by web/operator.py): while a person holds the
// conversation, their messages arrive here; text goes in with textContent only (chat.js's render).
"use strict";
(() => {
  let polling = false;
  const original = window.render;
  window.render = function (m) {
    const extra = m.extra || {};
    if (extra.desk_notice) return original({ ...m, role: "notice" });
    const row = original(m);
    if (extra.operator) {
      row.classList.add("operator");
      const face = row.querySelector(".avatar");  // a person, not the assistant's face
      if (face) {
        const badge = document.createElement("span");
        badge.textContent = "人";
        Object.assign(badge.style, { width: "48px", height: "48px", borderRadius: "50%", background: "#1f6b3a",
          color: "#fff", display: "flex", alignItems: "center", justifyContent: "center", fontSize: "22px",
          flex: "0 0 48px" });
        face.replaceWith(badge);
      }
      const name = document.createElement("p");
      name.textContent = "工作人员 " + extra.operator;
      name.style.fontWeight = "bold";
      name.style.color = "#1f6b3a";
      name.style.margin = "0 0 4px";
      const bubble = row.querySelector(".bubble");
      bubble.insertBefore(name, bubble.firstChild);
    }
    return row;
  };
  const shown = window.showAnswers;
  window.showAnswers = function (messages) {
    shown(messages);
    if (messages.some((m) => (m.extra || {}).handover)) poll();
  };
  async function poll(wait = 20) {
    if (polling) return;
    polling = true;
    try {
      for (;;) {
        let body;
        try {
          const response = await fetch(`/api/operator/events?sender=${sender}&wait=${wait}`, { cache: "no-store" });
          body = await response.json();
        } catch (e) { await new Promise((r) => setTimeout(r, 2000)); continue; }
        if (body.messages && body.messages.length) shown(body.messages);
        if (!body.held) break;
        wait = 20;
      }
    } finally { polling = false; }
  }
  poll(0);
})();
"""


def install(app: FastAPI, settings, desk_url: str | None = None) -> None:
    if getattr(app.state, "operator_installed", False):  # one install per app, whoever calls it
        return
    app.state.operator_installed = True
    base = (desk_url or settings.desk_url).rstrip("/") + "/desk/v1"
    headers = {"Authorization": f"Bearer {settings.api_token}"}
    transcript = Transcript(Path(settings.var_dir) / "widget.sqlite")  # the same file the gateway writes
    client = httpx.AsyncClient(base_url=base, headers=headers, timeout=httpx.Timeout(30.0, connect=1.0))
    waiters = 0

    async def to_desk(conversation: str, text: str) -> bool:
        """True when the desk holds the conversation and took the elder's words."""
        try:
            answer = await client.post("/live/messages", json={"conversation_id": conversation, "text": text})
        except httpx.HTTPError as exc:
            log.warning("desk unreachable (%s): the bot answers", type(exc).__name__)
            return False
        return answer.status_code == 201

    async def held(conversation: str) -> bool:
        try:
            answer = await client.get("/live/events", params={"prefix": conversation, "after": 1 << 62})
            return answer.status_code == 200 and answer.json().get("held") is True
        except (httpx.HTTPError, ValueError):
            return False

    @app.middleware("http")
    async def while_held(request: Request, call_next):
        if request.method != "POST" or request.url.path not in ("/api/message", "/api/voice"):
            return await call_next(request)
        if request.url.path == "/api/voice":
            sender = request.query_params.get("sender", "")
            if not _id(sender) or not await held(f"widget-{sender}"):
                return await call_next(request)
            response = await call_next(request)  # recognised and stored as usual (Rasa is paused)
            body = b"".join([chunk async for chunk in response.body_iterator])
            if response.status_code == 200:
                said = [m for m in json.loads(body).get("messages", []) if m.get("role") == "user"]
                if said and said[0].get("kind") == "voice" and said[0].get("text"):
                    await to_desk(f"widget-{sender}", said[0]["text"])
            return Response(body, status_code=response.status_code, headers=dict(response.headers))
        length = request.headers.get("content-length", "")
        if not (length.isascii() and length.isdigit() and int(length) <= 65536):
            return await call_next(request)
        try:
            body = json.loads(await request.body())
            sender, client_id, text = body["sender"], body["client_id"], str(body.get("text", "")).strip()
        except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: JSON nested thousands deep
            return await call_next(request)
        if not (_id(sender) and _id(client_id) and text and len(text) <= settings.widget_max_chars):
            return await call_next(request)  # the gateway refuses it with its own words
        done = transcript.by_client_id(sender, client_id)
        if done:
            return await call_next(request)  # a retry: the gateway knows what it answered
        if not await to_desk(f"widget-{sender}", text):
            return await call_next(request)
        kind = "button" if body.get("payload") else "text"
        user = transcript.add(sender, "user", text, kind, None, client_id)
        return JSONResponse({"messages": [user.public()]}, headers={"X-Content-Type-Options": "nosniff",
                                                                    "Cache-Control": "no-cache"})

    @app.get("/api/operator/events")
    async def events(sender: str = Query(...), wait: float = Query(0, ge=0, le=20)):
        nonlocal waiters
        if not _id(sender):
            return JSONResponse({"detail": "bad sender"}, status_code=422)
        stored = [m for m in transcript.history(sender) if (m.client_id or "").startswith("desk-")]
        after = max((int(m.client_id[5:]) for m in stored), default=0)
        waiters += 1
        try:
            answer = await client.get("/live/events", params={"prefix": f"widget-{sender}", "after": after,
                                                              "wait": wait if waiters <= MAX_WAITERS else 0},
                                      timeout=wait + 10)
            state = answer.json() if answer.status_code == 200 else {"held": False, "messages": []}
        except (httpx.HTTPError, ValueError):
            await asyncio.sleep(min(wait, 2))
            state = {"held": False, "messages": []}
        finally:
            waiters -= 1
        fresh = []
        for m in state.get("messages", []):
            client_id = f"desk-{m['id']:08d}"
            if transcript.by_client_id(sender, client_id):
                continue
            extra = {"operator": m.get("author") or "工作人员"} if m["who"] == "operator" else {"desk_notice": True}
            fresh.append(transcript.add(sender, "assistant", m["text"], "text", extra, client_id).public())
        return {"held": bool(state.get("held")), "operator": state.get("operator"), "messages": fresh}

    @app.get("/api/operator/live.js", include_in_schema=False)
    async def live_js():
        return Response(LIVE_JS, media_type="text/javascript")

    page = INDEX.read_text(encoding="utf-8")
    if SCRIPT not in page:  # until index.html carries the tag itself
        page = page.replace("</body>", f"  {SCRIPT}\n</body>")
        app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != "/"]

        @app.get("/", include_in_schema=False)
        async def index():
            return HTMLResponse(page)

    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI):
        async with inner(running):
            yield
        await client.aclose()
        transcript.close()

    app.router.lifespan_context = lifespan


def _id(value: str) -> bool:
    return isinstance(value, str) and 8 <= len(value) <= 64 and set(value) <= ID_CHARS
