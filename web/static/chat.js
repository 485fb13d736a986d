// The chat page: history, sending (typed, quick reply, voice note), answers read aloud,
// reconnecting. Every text from the user or the server goes in with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const list = $("messages"), input = $("input"), thinking = $("thinking"), banner = $("offline");
const talk = $("talk");

function newId() {
  // crypto.getRandomValues works on plain http too (randomUUID needs a secure context)
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const sender = localStorage.getItem("e12349.sender") || newId();
localStorage.setItem("e12349.sender", sender);

// ---- large font / high contrast, remembered on this device ----
for (const name of ["big-text", "high-contrast"]) {
  const button = $(name);
  const apply = (on) => {
    document.body.classList.toggle(name, on);
    button.setAttribute("aria-pressed", String(on));
    localStorage.setItem("e12349." + name, on ? "1" : "0");
    scrollDown(); // bigger text pushes the latest answer out of view
  };
  apply(localStorage.getItem("e12349." + name) === "1");
  button.addEventListener("click", () => apply(!document.body.classList.contains(name)));
}

// ---- rendering ----
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function scrollDown() { list.scrollTop = list.scrollHeight; }

function render(m) {
  const row = el("div", "msg " + m.role);
  row.dataset.id = m.id || "";
  if (m.client_id) row.dataset.clientId = m.client_id;
  if (m.role === "assistant") row.append($("avatar-template").content.firstElementChild.cloneNode(true));
  const bubble = el("div", "bubble");
  if (m.kind === "voice") bubble.append(el("span", "voice-tag", "语音"));
  const extra = m.extra || {};
  if (m.text) bubble.append(el("p", "text", m.text));
  const number = extra.order_id || extra.application_id || extra.reference;
  if (number) {
    const label = extra.application_id ? "申请号" : extra.callback ? "回电登记号" : extra.order_id ? "单号" : "登记号";
    const chip = el("p", "number");
    chip.append(el("span", "number-label", label + "："), el("span", "number-value", String(number)));
    bubble.append(chip);
  }
  if (extra.clause_text) bubble.append(clause(extra));
  // the assistant says itself whether a person takes over or calls back; the page promises nothing more
  if (extra.handover) bubble.append(el("p", "handover", "已转人工"));
  else if (extra.callback) bubble.append(el("p", "handover", "已登记回电"));
  row.append(bubble);
  if (m.role === "assistant" && m.id && m.text) bubble.append(playButton(m.id));
  if (m.role === "assistant" && (extra.buttons || []).length) row.append(quickReplies(extra.buttons));
  list.append(row);
  return row;
}

// the clause an answer rests on, folded: the answer is what most readers need
function clause(extra) {
  const box = el("details", "clause");
  box.append(el("summary", "clause-open", "查看原文"));
  const heading = [extra.clause_heading, extra.doc_number ? `（${extra.doc_number}）` : ""].join("");
  if (heading) box.append(el("p", "clause-heading", heading));
  box.append(el("p", "clause-text", extra.clause_text));
  return box;
}

// the gateway speaks an answer more slowly when Rasa asked for it (extra.speech_rate, e.g. after 再说一遍)
function playButton(id) {
  const button = el("button", "play", "▶ 听一听");
  button.type = "button";
  let audio = null;
  button.addEventListener("click", () => {
    if (audio && !audio.paused) { audio.pause(); audio.currentTime = 0; button.afterPlay = null; return; }
    audio = audio || new Audio(`/api/tts?sender=${sender}&id=${id}`);
    audio.onplaying = () => { button.textContent = "■ 停止"; button.classList.add("playing"); };
    audio.onpause = () => { button.textContent = "▶ 听一听"; button.classList.remove("playing"); };
    audio.onended = () => { audio.onpause(); if (button.afterPlay) button.afterPlay(); };
    audio.onerror = () => { notice("语音播放暂时用不了，请看文字。", true); audio = null; };
    audio.play().catch(() => {});
  });
  return button;
}

// the answers to a voice note are spoken, one after another, as on the phone
function speakInTurn(messages) {
  const rows = messages.filter((m) => m.role === "assistant").map((m) => list.querySelector(`.msg[data-id="${m.id}"]`));
  const buttons = rows.map((row) => row && row.querySelector(".play")).filter(Boolean);
  buttons.forEach((button, i) => { button.afterPlay = () => { if (buttons[i + 1]) buttons[i + 1].click(); }; });
  if (buttons.length) buttons[0].click();
}

function quickReplies(buttons) {
  const box = el("div", "quick-replies");
  for (const b of buttons) {
    const button = el("button", "quick", b.title);
    button.type = "button";
    button.addEventListener("click", () => send(b.title, b.payload));
    box.append(button);
  }
  return box;
}

// only the latest question's quick replies can be answered
function retireQuickReplies(keep) {
  for (const box of list.querySelectorAll(".quick-replies:not(.used)")) {
    if (box.parentElement === keep) continue;
    box.classList.add("used");
    for (const b of box.querySelectorAll("button")) b.disabled = true;
  }
}

// a line from the page itself; ``warning`` for something the user has to act on
function notice(text, warning) {
  const row = render({ role: "notice", text });
  if (warning) row.classList.add("warning");
  scrollDown();
}

function showAnswers(messages) {
  for (const m of messages) {
    if (m.role === "user") continue;
    if (!list.querySelector(`.msg[data-id="${m.id}"]`)) render(m);
  }
  scrollDown();
}

// ---- talking to the gateway ----
let inFlight = 0;
function setThinking(delta) {
  inFlight += delta;
  thinking.hidden = inFlight === 0;
  if (!thinking.hidden) { list.append(thinking); scrollDown(); }
}

class Offline extends Error {}

async function call(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new Offline(String(e));
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status >= 502 && response.status <= 504 && !body.detail) throw new Offline(String(response.status));
    throw new Error(body.detail || "出了点问题，请再试一次。");
  }
  return body;
}

const pending = []; // turns not yet delivered: sent again, same client id, when the server is back

async function deliver(turn) {
  setThinking(+1);
  try {
    const body = await call(turn.url, turn.options);
    turn.row.classList.remove("unsent");
    const mine = body.messages.find((m) => m.role === "user");
    if (mine) {
      turn.row.dataset.id = mine.id;
      const text = turn.row.querySelector(".text");
      if (text) text.textContent = mine.text;
    }
    showAnswers(body.messages);
    if (turn.spoken) speakInTurn(body.messages);
  } catch (e) {
    if (e instanceof Offline) {
      turn.row.classList.add("unsent");
      if (!pending.includes(turn)) pending.push(turn);
      goOffline();
    } else {
      turn.row.classList.remove("unsent");
      notice(e.message, true);
      if (turn.failed) turn.failed();
    }
  } finally {
    setThinking(-1);
  }
}

function send(text, payload) {
  text = text.trim();
  if (!text) return;
  retireQuickReplies();
  const clientId = newId();
  const row = render({ role: "user", kind: payload ? "button" : "text", text, client_id: clientId });
  scrollDown();
  const body = { sender, client_id: clientId, text, ...(payload ? { payload } : {}) };
  deliver({
    row, url: "/api/message",
    options: { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    // refused (too long, empty): the notice says why; the text goes back to the input box, not lost
    failed: () => { row.remove(); if (!payload && !input.value) input.value = text; },
  });
}

$("send-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = input.value;
  if (!text.trim()) return;
  input.value = "";
  send(text);
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("send-form").requestSubmit(); }
});

// ---- hold to talk ----
const recorder = new Recorder();
let recording = false;

async function startTalking(e) {
  e.preventDefault();
  if (recording) return;
  recording = true;
  talk.classList.add("recording");
  talk.textContent = "松开 发送";
  try {
    await recorder.start();
  } catch (err) {
    recording = false;
    resetTalk();
    notice("打不开麦克风。请允许本页使用麦克风，或者打字告诉我。", true);
  }
}

function resetTalk() { talk.classList.remove("recording"); talk.textContent = "按住 说话"; }

function stopTalking() {
  if (!recording) return;
  recording = false;
  resetTalk();
  if (!recorder.context) return;
  const note = recorder.stop();
  if (note.seconds < 0.6) { notice("说话时间太短了，请按住按钮说完再松开。", true); return; }
  retireQuickReplies();
  const clientId = newId();
  const row = render({ role: "user", kind: "voice", text: "语音识别中…", client_id: clientId });
  scrollDown();
  deliver({
    row, spoken: true, url: `/api/voice?sender=${sender}&client_id=${clientId}`,
    options: { method: "POST", headers: { "Content-Type": "audio/wav" }, body: note.wav },
    failed: () => row.remove(),
  });
}

talk.addEventListener("pointerdown", startTalking);
for (const ev of ["pointerup", "pointerleave", "pointercancel"]) talk.addEventListener(ev, stopTalking);
talk.addEventListener("keydown", (e) => { if ((e.key === " " || e.key === "Enter") && !e.repeat) startTalking(e); });
talk.addEventListener("keyup", (e) => { if (e.key === " " || e.key === "Enter") stopTalking(); });
talk.addEventListener("contextmenu", (e) => e.preventDefault()); // a long press is not a menu

// ---- connection: heartbeat, banner, backoff, resend ----
let online = true, retryMs = 1000, heartbeat = null;

function goOffline() {
  if (!online) return;
  online = false;
  banner.hidden = false;
  clearTimeout(heartbeat);
  heartbeat = setTimeout(check, retryMs);
}

async function check() {
  try {
    const response = await fetch("/api/health", { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    if (!online) {
      online = true;
      retryMs = 1000;
      banner.hidden = true;
      for (const turn of pending.splice(0)) deliver(turn);
    }
    heartbeat = setTimeout(check, 5000);
  } catch (e) {
    if (online) { online = false; banner.hidden = false; }
    else retryMs = Math.min(retryMs * 2, 10000);
    heartbeat = setTimeout(check, retryMs);
  }
}

async function loadHistory() {
  try {
    const body = await call(`/api/history?sender=${sender}`);
    for (const m of body.messages) render(m);
    retireQuickReplies(list.lastElementChild); // earlier questions were answered already
    if (!body.messages.length) render({ role: "notice", text: "您好！有什么事，可以打字，也可以按住下面的按钮说话。" });
    scrollDown();
    heartbeat = setTimeout(check, 5000);
  } catch (e) {
    goOffline();
    // once back, load the history that could not be shown
    const retry = setInterval(() => { if (online) { clearInterval(retry); list.replaceChildren(); loadHistory(); } }, 1000);
  }
}

loadHistory();
