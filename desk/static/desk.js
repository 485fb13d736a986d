// The operator desk page. Every text from the server (an elder's words above all) goes in with
// textContent, never as HTML. The queue, the alarms and new messages arrive by server-sent events.
"use strict";

const $ = (id) => document.getElementById(id);
const CHANNELS = { phone: "电话", widget: "网页", speaker: "音箱", chat: "聊天", rest: "接口" };
const KINDS = { live: "在线", callback: "待回电", emergency: "紧急" };
const WHO = { elder: "老人", operator: "坐席", note: "备注", system: "系统", caller: "老人", bot: "机器人" };
let me = null, source = null, queue = [], current = null, lastLine = 0;
window.deskSeen = {}; // item id → when it first appeared on this page (the bench reads it)

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

async function api(method, url, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (method !== "GET") {
    options.headers["X-CSRF-Token"] = me ? me.csrf : "";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch("/desk/v1" + url, options);
  const answer = await response.json().catch(() => ({}));
  if (response.status === 401 && me) { location.reload(); }
  if (!response.ok) throw new Error(answer.detail || "出错了：" + response.status);
  return answer;
}

function wait(seconds) {
  if (seconds < 60) return seconds + "秒";
  return Math.floor(seconds / 60) + "分" + (seconds % 60) + "秒";
}

// ---- login ----
async function boot() {
  try {
    me = await api("GET", "/me");
  } catch (e) {
    $("login").hidden = false;
    return;
  }
  $("login").hidden = true;
  $("whoami").textContent = me.name + "（" + { operator: "坐席", supervisor: "班长", admin: "管理员" }[me.role] + "）";
  $("logout").hidden = false;
  $("tabs").hidden = false;
  const works = me.role === "operator" || me.role === "supervisor";
  document.querySelector('[data-tab="queue"]').hidden = !works;
  document.querySelector('[data-tab="supervisor"]').hidden = me.role !== "supervisor";
  document.querySelector('[data-tab="admin"]').hidden = me.role !== "admin";
  show(works ? "queue" : "admin");
  if (works) listen();
}

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const error = $("login-error");
  error.hidden = true;
  try {
    await api("POST", "/login", { login: $("login-name").value.trim(), password: $("login-password").value });
    $("login-password").value = "";
    await boot();
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  }
});

$("logout").addEventListener("click", async () => {
  await api("POST", "/logout").catch(() => {});
  location.reload();
});

let refresher = null;
function show(tab) {
  for (const name of ["queue", "supervisor", "admin"]) $(name + "-tab").hidden = name !== tab;
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("on", b.dataset.tab === tab);
  clearInterval(refresher);
  if (tab === "supervisor") { loadSupervisor(); refresher = setInterval(loadSupervisor, 5000); }
  if (tab === "admin") loadAdmin();
}
for (const b of document.querySelectorAll(".tab")) b.addEventListener("click", () => show(b.dataset.tab));

// ---- live updates ----
function listen() {
  source = new EventSource("/desk/v1/events");
  source.addEventListener("open", () => { $("link").hidden = false; });
  source.addEventListener("error", () => { $("link").hidden = true; });
  source.addEventListener("queue", (e) => renderQueue(JSON.parse(e.data)));
  source.addEventListener("alarms", (e) => renderAlarms(JSON.parse(e.data)));
  source.addEventListener("messages", () => { if (current) loadLines(); });
}

function renderQueue(items) {
  queue = items;
  const list = $("queue");
  list.replaceChildren();
  $("queue-count").textContent = items.length ? "（" + items.length + "）" : "";
  const now = Date.now();
  for (const item of items) {
    if (!(item.id in window.deskSeen)) window.deskSeen[item.id] = now;
    const row = el("li", "entry " + item.kind + (current && current.id === item.id ? " open" : ""));
    row.dataset.id = item.id;
    row.tabIndex = 0;
    const top = el("div", "entry-top");
    top.append(el("span", "badge " + item.kind, KINDS[item.kind] || item.kind),
               el("span", "channel", CHANNELS[item.channel] || item.channel),
               el("span", "reason", item.reason_label));
    for (const flag of item.risk) top.append(el("span", "risk", flag));
    const bottom = el("div", "entry-bottom");
    bottom.append(el("span", "summary", item.summary),
                  el("span", "wait", item.status === "taken" ? "处理中：" + (item.operator || "") : "等待 " + wait(item.wait_s)));
    row.append(top, bottom);
    row.addEventListener("click", () => openItem(item.id));
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") openItem(item.id); });
    list.append(row);
  }
  if (current) syncItem();
}

// ---- alarms ----
let beeper = null, alarmsShown = [];
function renderAlarms(alarms) {
  alarmsShown = alarms;
  const box = $("alarms");
  box.replaceChildren();
  box.hidden = !alarms.length;
  for (const alarm of alarms) {
    const row = el("div", "alarm" + (alarm.escalated ? " escalated" : ""));
    row.dataset.alarm = alarm.id;
    row.append(el("strong", null, "紧急求助"), el("span", null, "单号 " + alarm.order_id),
               el("span", null, "已等 " + wait(alarm.wait_s) + (alarm.escalated ? " · 已报班长" : "")
                               + (alarm.contact_notified ? " · 已通知紧急联系人" : "")));
    const ack = el("button", "ack", "确认接警");
    ack.type = "button";
    ack.addEventListener("click", async () => {
      await api("POST", "/alarms/" + alarm.id + "/ack").catch((e) => alert(e.message));
      if (alarm.item_id) openItem(alarm.item_id);
    });
    row.append(ack);
    box.append(row);
  }
  clearInterval(beeper);
  if (alarms.length) { beep(); beeper = setInterval(beep, 3000); }
}

function beep() {
  try {
    const ctx = beep.ctx || (beep.ctx = new AudioContext());
    const tone = ctx.createOscillator(), gain = ctx.createGain();
    tone.frequency.value = 880; gain.gain.value = 0.15;
    tone.connect(gain).connect(ctx.destination);
    tone.start(); tone.stop(ctx.currentTime + 0.4);
  } catch (e) { /* no sound device: the red banner is there */ }
}

// ---- one item ----
async function openItem(id) {
  let detail;
  try { detail = await api("GET", "/items/" + id); } catch (e) { alert(e.message); return; }
  current = detail;
  lastLine = 0;
  const box = $("item");
  box.replaceChildren($("item-template").content.cloneNode(true));
  box.querySelector(".item-title").textContent =
    (KINDS[detail.kind] || "") + " · " + (CHANNELS[detail.channel] || detail.channel) + " · " + detail.reason_label;
  box.querySelector(".item-summary").textContent = detail.summary;
  renderElder(box.querySelector(".elder-card"), detail);
  renderSlots(box.querySelector(".slot-list"), detail);
  renderOrders(box.querySelector(".order-list"), detail.orders);
  const turns = box.querySelector(".turns");
  for (const t of detail.transcript) {
    const li = el("li", "turn " + t.who);
    li.append(el("span", "who", WHO[t.who] || t.who), el("span", "text", t.text));
    turns.append(li);
  }
  appendLines(detail.messages);
  wireActions(box, detail);
  for (const row of document.querySelectorAll("#queue .entry")) row.classList.toggle("open", Number(row.dataset.id) === id);
  syncItem();
}

function pair(list, label, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", null, label), el("dd", null, typeof value === "object" ? JSON.stringify(value) : value));
}

function renderElder(list, d) {
  const e = d.elder;
  if (!e) { pair(list, "身份", "未识别"); pair(list, "来电/设备", d.caller); return; }
  pair(list, "姓名", e.name + " " + e.gender + " " + e.age + "岁");
  pair(list, "风险", d.risk.join("、") || "—");
  pair(list, "电话", e.phone);
  pair(list, "地址", e.district + " " + e.address);
  if (e.contact) pair(list, "紧急联系人", e.contact.name + "（" + e.contact.relation + "）" + e.contact.phone);
}

function renderSlots(list, d) {
  const keys = Object.keys(d.slots);
  if (!keys.length) list.append(el("dd", "none", "无"));
  for (const k of keys) pair(list, d.slot_labels[k] || k, d.slots[k]);
}

function renderOrders(list, orders) {
  if (!orders.length) list.append(el("li", "none", "无"));
  for (const o of orders) {
    list.append(el("li", null, o.order_id + " · " + o.type + " · " + o.priority + " · " + o.status));
  }
}

function appendLines(lines) {
  const box = document.querySelector("#item .lines");
  if (!box) return;
  for (const m of lines) {
    if (box.querySelector(`[data-line="${m.id}"]`)) continue;
    const li = el("li", "line " + m.who);
    li.dataset.line = m.id;
    li.append(el("span", "who", m.who === "operator" && m.author ? m.author : WHO[m.who] || m.who), el("span", "text", m.text));
    box.append(li);
    lastLine = Math.max(lastLine, m.id);
  }
  box.scrollTop = box.scrollHeight;
}

async function loadLines() {
  const id = current.id;
  const body = await api("GET", "/items/" + id + "/messages?after=" + lastLine).catch(() => null);
  if (body && current && current.id === id) appendLines(body.messages);
}

// the open item's state from the queue snapshot (who works it), without another audited opening
function syncItem() {
  const box = $("item");
  const listed = queue.find((i) => i.id === current.id);
  const take = box.querySelector(".take");
  if (!take) return;
  const status = listed ? listed.status : "closed";
  const mine = listed && status === "taken" && listed.operator === me.name;
  take.hidden = status !== "waiting";
  box.querySelector(".reply-form").hidden = !(mine && current.kind === "live" && listed.kind === "live");
  box.querySelector(".close-form").hidden = status === "closed" || (status === "taken" && !mine);
  box.classList.toggle("closed", status === "closed");
  box.querySelector(".item-head").dataset.status = status;
}

function failed(box, e) {
  const error = box.querySelector(".actions .error");
  error.textContent = e.message;
  error.hidden = false;
}

const ORDER_FIELDS = {
  home_care: [["service", ["助洁", "助浴", "助医", "助行", "陪诊", "维修"]], ["date", "date"], ["slot", ["上午", "下午"]]],
  meal: [["date", "date"], ["meal", ["早餐", "午餐", "晚餐"]], ["portions", "number"], ["mode", ["堂食", "送餐"]]],
  complaint: [["text", "text"]],
  callback: [],
};

function orderFields(box, type, slots) {
  const span = box.querySelector(".order-fields");
  span.replaceChildren();
  for (const [name, kind] of ORDER_FIELDS[type]) {
    let input;
    if (Array.isArray(kind)) {
      input = el("select");
      for (const v of kind) input.append(new Option(v, v));
    } else {
      input = el("input");
      input.type = kind;
      if (kind === "number") { input.min = 1; input.max = 10; input.value = 1; }
    }
    input.name = name;
    input.setAttribute("aria-label", name);
    const known = slots[{ service: "service_type", mode: "dining_mode", text: "complaint_text" }[name] || name];
    if (known) input.value = known;
    span.append(input);
  }
}

function wireActions(box, d) {
  const refresh = () => loadLines();
  box.querySelector(".take").addEventListener("click", () =>
    api("POST", `/items/${d.id}/take`).then(refresh).catch((e) => failed(box, e)));
  const canned = box.querySelector(".canned");
  api("GET", "/canned").then((b) => { for (const t of b.items) canned.append(new Option(t, t)); });
  canned.addEventListener("change", () => { box.querySelector(".reply-text").value = canned.value; canned.value = ""; });
  // a reply to the elder and a private note are sent alike: the text, then the lines reloaded
  for (const [form, field, path] of [[".reply-form", ".reply-text", "reply"], [".note-form", ".note-text", "notes"]]) {
    box.querySelector(form).addEventListener("submit", (e) => {
      e.preventDefault();
      const input = box.querySelector(field);
      if (!input.value.trim()) return;
      api("POST", `/items/${d.id}/${path}`, { text: input.value.trim() }).then(() => { input.value = ""; refresh(); })
        .catch((err) => failed(box, err));
    });
  }
  const type = box.querySelector(".order-type");
  orderFields(box, type.value, d.slots);
  type.addEventListener("change", () => orderFields(box, type.value, d.slots));
  let orderKey = crypto.getRandomValues(new Uint32Array(2)).join("-"); // a resubmission reuses the key
  box.querySelector(".order-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const details = {};
    for (const input of box.querySelectorAll(".order-fields [name]")) {
      details[input.name] = input.type === "number" ? Number(input.value) : input.value;
    }
    if (type.value === "callback") {
      Object.assign(details, { reason: "other", channel: d.channel, transcript: d.transcript.slice(-50) });
    }
    api("POST", `/items/${d.id}/orders`, { type: type.value, details, idempotency_key: "k" + orderKey })
      .then((order) => {
        orderKey = crypto.getRandomValues(new Uint32Array(2)).join("-");
        box.querySelector(".order-list").append(el("li", "new", order.order_id + " · " + order.type + " · " + order.status));
      })
      .catch((err) => failed(box, err));
  });
  box.querySelector(".close-form").addEventListener("submit", (e) => {
    e.preventDefault();
    api("POST", `/items/${d.id}/close`, { disposition: box.querySelector(".disposition").value })
      .then(refresh).catch((err) => failed(box, err));
  });
}

// ---- supervisor ----
async function loadSupervisor() {
  const body = await api("GET", "/supervisor/today").catch(() => null);
  if (!body) return;
  const tab = $("supervisor-tab"), t = body.today, f = body.floor;
  const pct = (v) => (v === null ? "—" : Math.round(v * 100) + "%");
  tab.replaceChildren();
  const tiles = el("div", "tiles");
  for (const [label, value] of [["排队", f.queue_length], ["最长等待", wait(f.longest_wait_s)], ["人工处理中", f.live_now],
      ["接通率", pct(t.answer_rate)], ["平均应答", t.asa_s === null ? "—" : t.asa_s + "秒"],
      ["放弃率", pct(t.abandon_rate)], ["20秒服务水平", pct(t.service_level)], ["机器人独立完成", pct(t.containment)]]) {
    const tile = el("div", "tile");
    tile.append(el("span", "value", value), el("span", "label", label));
    tiles.append(tile);
  }
  const charts = el("div", "charts");
  charts.append(
    Charts.figure("今日转人工原因", Charts.bars(t.reasons.map((r) => [r.label, r.count]))),
    Charts.figure("今日各小时转人工", Charts.columns(t.by_hour.map((n, h) => [String(h), n]))),
    Charts.figure("今日比率", Charts.bars([["接通率", t.answer_rate], ["20秒服务水平", t.service_level],
      ["放弃率", t.abandon_rate], ["机器人独立完成", t.containment]].filter(([, v]) => v !== null).map(([l, v]) => [l, Math.round(v * 100)]), "%", 100)));
  const agents = el("table", "agents");
  agents.append(Object.assign(el("caption", null, "坐席状态")));
  for (const a of f.agents) {
    const row = el("tr");
    row.append(el("td", null, a.name), el("td", null, a.online ? "在线" : "离线"), el("td", null, "处理中 " + a.working));
    agents.append(row);
  }
  tab.append(tiles, charts, agents);
}

// ---- admin ----
async function loadAdmin() {
  const tab = $("admin-tab");
  tab.replaceChildren();
  const users = await api("GET", "/admin/users").catch(() => ({ items: [] }));
  const table = el("table", "users");
  table.append(el("caption", null, "坐席账号"));
  for (const u of users.items) {
    const row = el("tr");
    row.append(el("td", null, u.login), el("td", null, u.name), el("td", null, u.role));
    table.append(row);
  }
  const form = el("form", "new-user");
  for (const [name, label, type] of [["login", "用户名", "text"], ["name", "姓名", "text"], ["password", "密码（至少10位）", "password"]]) {
    const input = el("input");
    input.name = name; input.placeholder = label; input.type = type; input.required = true;
    form.append(input);
  }
  const roleSelect = el("select");
  roleSelect.name = "role";
  for (const r of ["operator", "supervisor", "admin"]) roleSelect.append(new Option(r, r));
  form.append(roleSelect, el("button", null, "添加"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    api("POST", "/admin/users", body).then(loadAdmin).catch((err) => alert(err.message));
  });
  const audit = await api("GET", "/audit?limit=100").catch(() => ({ items: [] }));
  const log = el("table", "audit");
  log.append(el("caption", null, "审计日志（谁打开了哪位老人的信息）"));
  for (const a of audit.items) {
    const row = el("tr");
    row.append(el("td", null, a.at.replace("T", " ").slice(0, 19)), el("td", null, a.user), el("td", null, a.action),
               el("td", null, a.elder_id || "未识别"), el("td", null, "项 " + a.item_id));
    log.append(row);
  }
  tab.append(table, form, log);
}

// waits count up between pushes
setInterval(() => {
  if (queue.length && !$("queue-tab").hidden) renderQueue(queue.map((i) => ({ ...i, wait_s: i.wait_s + 1 })));
  if (alarmsShown.length) {
    const ticked = alarmsShown.map((a) => ({ ...a, wait_s: a.wait_s + 1 }));
    const box = $("alarms");
    for (const a of ticked) {
      const row = box.querySelector(`[data-alarm="${a.id}"] span:last-of-type`);
      if (row) row.textContent = "已等 " + wait(a.wait_s) + (a.escalated ? " · 已报班长" : "") + (a.contact_notified ? " · 已通知紧急联系人" : "");
    }
    alarmsShown = ticked;
  }
}, 1000);
boot();
