/* Kiosk behaviour shared by every screen: idle wipe, card-removal watch, on-screen keyboard. */
(function () {
  "use strict";
  const body = document.body;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  window.kiosk = {
    post(url, data) {
      const form = new FormData();
      Object.entries(data || {}).forEach(([k, v]) => form.append(k, v));
      return fetch(url, { method: "POST", body: form, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
    },
    getJSON(url) {
      return fetch(url, { credentials: "same-origin" }).then((r) => r.json().then((j) => ({ ok: r.ok, body: j })));
    },
  };

  // Confirm destructive buttons.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (e) => { if (!confirm(form.dataset.confirm)) e.preventDefault(); });
  });

  // ---- idle wipe: after N seconds without a touch, a countdown; at zero the session is wiped
  const idleSeconds = parseInt(body.dataset.idle, 10);
  const countdownSeconds = parseInt(body.dataset.countdown, 10);
  const active = body.dataset.session === "1";
  let lastTouch = Date.now();
  let touchedSincePing = false;
  let countdown = null;
  const overlay = document.getElementById("idle-overlay");

  function wipe(reason) {
    kiosk.post("/api/reset", { reason }).finally(() => { window.location.href = "/"; });
  }
  function touched() {
    lastTouch = Date.now();
    touchedSincePing = true;
    if (countdown !== null) { clearInterval(countdown); countdown = null; overlay.hidden = true; }
  }
  ["pointerdown", "keydown", "touchstart"].forEach((ev) => document.addEventListener(ev, touched, true));
  // Staff pages have their own idle rule (staff.js): no citizen countdown there.
  const citizenScreen = body.dataset.idleRule !== "staff";
  setInterval(() => {
    if (countdown !== null || !citizenScreen) return;
    if ((Date.now() - lastTouch) / 1000 < idleSeconds) return;
    if (!active && window.location.pathname === "/") return;
    let left = countdownSeconds;
    overlay.hidden = false;
    document.getElementById("idle-count").textContent = left;
    countdown = setInterval(() => {
      left -= 1;
      document.getElementById("idle-count").textContent = left;
      if (left <= 0) { clearInterval(countdown); wipe("idle timeout"); }
    }, 1000);
  }, 500);
  document.getElementById("idle-continue").addEventListener("click", touched);
  if (active) {
    setInterval(() => {
      if (touchedSincePing) { touchedSincePing = false; kiosk.post("/api/activity"); }
    }, 20000);
  }

  // ---- card taken away mid-flow: ask, then wipe
  if (body.dataset.cardWatch === "1") {
    const cardOverlay = document.getElementById("card-overlay");
    let asked = false, timer = null;
    setInterval(() => {
      kiosk.getJSON("/api/card").then(({ body: s }) => {
        if (!s.present && !asked) {
          asked = true;
          let left = countdownSeconds;
          cardOverlay.hidden = false;
          document.getElementById("card-count").textContent = left;
          timer = setInterval(() => {
            left -= 1;
            document.getElementById("card-count").textContent = left;
            if (left <= 0) { clearInterval(timer); wipe("card removed"); }
          }, 1000);
        }
      }).catch(() => {});
    }, 1500);
    document.getElementById("card-continue").addEventListener("click", () => {
      clearInterval(timer); cardOverlay.hidden = true;
    });
    document.getElementById("card-end").addEventListener("click", () => wipe("card removed"));
  }

  // ---- on-screen keyboard for fields marked data-osk (digits, letters, or both)
  const osk = document.getElementById("osk");
  const layouts = {
    digits: ["1 2 3", "4 5 6", "7 8 9", "X 0 ⌫", "✓"],
    text: ["1 2 3 4 5 6 7 8 9 0", "Q W E R T Y U I O P", "A S D F G H J K L", "Z X C V B N M - ⌫", "␣ ✓"],
  };
  let target = null;
  function showKeyboard(input) {
    target = input;
    const rows = layouts[input.dataset.osk] || layouts.text;
    osk.innerHTML = "";
    rows.forEach((row) => {
      const line = document.createElement("div");
      row.split(" ").forEach((key) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = key;
        b.dataset.key = key;
        b.addEventListener("pointerdown", (e) => { e.preventDefault(); press(key); });
        line.appendChild(b);
      });
      osk.appendChild(line);
    });
    osk.hidden = false;
    // Leave room under the page so nothing stays hidden behind the keyboard.
    document.body.style.paddingBottom = osk.offsetHeight + "px";
    input.scrollIntoView({ block: "center" });
  }
  function hideKeyboard() {
    osk.hidden = true;
    document.body.style.paddingBottom = "";
  }
  function press(key) {
    if (!target) return;
    if (key === "⌫") target.value = target.value.slice(0, -1);
    else if (key === "✓") { hideKeyboard(); target.blur(); return; }
    else if (key === "␣") target.value += " ";
    else target.value += key;
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.querySelectorAll("[data-osk]").forEach((el) => el.addEventListener("focus", () => showKeyboard(el)));
  document.addEventListener("pointerdown", (e) => {
    if (!osk.hidden && !osk.contains(e.target) && !(e.target.dataset && e.target.dataset.osk)) hideKeyboard();
  });
})();
