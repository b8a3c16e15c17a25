/* The staff desk's own idle rule: no touch for STAFF_IDLE_SECONDS logs the desk out (the case on
   screen goes with it). Touches keep the server-side session alive; the citizen's wipe
   countdown never runs here. */
(function () {
  "use strict";
  const logout = document.querySelector("form[data-staff-logout]");
  if (!logout) return;                      // the log-in page: nobody is signed in
  const idleMs = parseInt(document.body.dataset.staffIdle, 10) * 1000;
  let lastTouch = Date.now(), touchedSincePing = false;
  ["pointerdown", "keydown", "touchstart", "wheel"].forEach((ev) =>
    document.addEventListener(ev, () => { lastTouch = Date.now(); touchedSincePing = true; }, true));
  setInterval(() => {
    if (Date.now() - lastTouch >= idleMs) {
      logout.querySelector('input[name="why"]').value = "idle";
      logout.submit();
    }
  }, 1000);
  // The server ends a session after the same time without a request: a touch counts as one.
  setInterval(() => {
    if (touchedSincePing) { touchedSincePing = false; fetch(logout.dataset.alive, { credentials: "same-origin" }); }
  }, Math.max(5000, Math.min(60000, idleMs / 4)));
})();
