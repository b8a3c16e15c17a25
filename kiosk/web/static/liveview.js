/* The capture page's live view: the camera's newest frame, fetched again as soon as the last one
   has been shown. The loop owns every request, so a frame that arrives before this script runs
   cannot stop it (an <img> load event fired before a listener was attached used to freeze the
   view); a request that stalls is abandoned; leaving the page ends the loop. */
(function () {
  "use strict";
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  window.kioskLiveView = function (img, url, pauseMs) {
    let running = 0;      // which run of the loop is current: a page restored from the cache starts a new one
    async function run(me) {
      let shown = null;
      while (running === me) {
        const abort = new AbortController();
        const stall = setTimeout(() => abort.abort(), 3000);
        try {
          const response = await fetch(url, { cache: "no-store", credentials: "same-origin", signal: abort.signal });
          if (!response.ok) throw new Error("camera answered " + response.status);
          const src = URL.createObjectURL(await response.blob());
          img.src = src;
          await img.decode().catch(() => {});
          if (shown) URL.revokeObjectURL(shown);
          shown = src;
          await sleep(pauseMs);
        } catch (e) {
          await sleep(1000);     // no camera for now: try again shortly
        } finally {
          clearTimeout(stall);
        }
      }
    }
    window.addEventListener("pagehide", () => { running += 1; });
    window.addEventListener("pageshow", (e) => { if (e.persisted) run(++running); });
    run(running);
  };
})();
