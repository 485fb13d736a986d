// Log in and out. The gateway keeps the session (an HttpOnly cookie this script cannot read);
// logging in or out starts a new conversation with the assistant, which then knows who it is.
"use strict";
(() => {
  const button = document.getElementById("login-switch");
  const form = document.getElementById("login-form");
  const error = document.getElementById("login-error");
  let login = null;

  function show(me) {
    login = me.login;
    button.hidden = Boolean(me.fixed); // a login set by the site itself cannot be changed here
    button.textContent = login ? "退出登录" : "登录";
    button.title = login ? `已登录：${login}` : "登录后可以查自己的补贴和订单";
    form.hidden = true;
  }

  async function refresh() {
    try {
      const response = await fetch("/api/me", { cache: "no-store" });
      if (response.ok) show(await response.json());
    } catch (e) { /* offline: chat.js shows the banner; try again when clicked */ }
  }

  button.addEventListener("click", async () => {
    if (!login) {
      form.hidden = !form.hidden;
      if (!form.hidden) document.getElementById("login-name").focus();
      return;
    }
    await fetch("/api/logout", { method: "POST" });
    refresh();
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const body = JSON.stringify({ login: document.getElementById("login-name").value.trim(),
                                  password: document.getElementById("login-password").value });
    const response = await fetch("/api/login", { method: "POST", body,
                                                 headers: { "Content-Type": "application/json" } });
    document.getElementById("login-password").value = "";
    if (response.ok) { refresh(); return; }
    let detail = "登录没有成功，请再试一次。";
    try {
      const said = (await response.json()).detail;
      if (typeof said === "string") detail = said;
    } catch (e) { /* keep the default */ }
    error.textContent = detail;
    error.hidden = false;
  });

  refresh();
})();
