/* Kiosk behaviour shared by every screen: idle wipe, card-removal watch. */
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

  // ---- idle wipe: after N seconds without a touch, a countdown; at zero the visit ends
  const idleSeconds = parseInt(body.dataset.idle, 10);
  const countdownSeconds = parseInt(body.dataset.countdown, 10);
  const active = body.dataset.session === "1";
  let lastTouch = Date.now();
  let touchedSincePing = false;
  let countdown = null;
  const overlay = document.getElementById("idle-overlay");

  function wipe(reason) {
    // replace: the page of the visit that ended leaves the history (Back finds it ended anyway)
    kiosk.post("/api/reset", { reason }).finally(() => { window.location.replace("/"); });
  }
  // The receipt's 完成 presses itself after its own countdown without a touch.
  const finish = document.querySelector("form[data-finish-after]");
  const finishAfter = finish ? parseInt(finish.dataset.finishAfter, 10) : 0;
  function touched() {
    lastTouch = Date.now();
    touchedSincePing = true;
    if (countdown !== null) { clearInterval(countdown); countdown = null; overlay.hidden = true; }
  }
  if (finish) {
    setInterval(() => {
      const left = Math.max(0, finishAfter - Math.floor((Date.now() - lastTouch) / 1000));
      finish.querySelector("[data-finish-count]").textContent = left;
      if (left === 0 && !finish.dataset.sent) { finish.dataset.sent = "1"; finish.submit(); }
    }, 500);
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
  // The on-screen keyboard lives in keyboard.js.
})();
