/* The on-screen keyboard for fields marked data-osk: digits, or text by 拼音 (pinyin with candidates),
   手写 (handwriting), ABC and 123. Candidates come from the kiosk's own input engines
   (/api/input/…); the keyboard holds only what is being composed and sends it whole each time.

   The keyboard sits in the page's flow below the scrolling main area, never over it: opening,
   closing or switching it changes only main's height, and a spacer at main's end keeps every
   control where it was, so the tap that closes the keyboard lands on what it touched. */
(function () {
  "use strict";
  const osk = document.getElementById("osk");
  const main = document.querySelector("main");
  if (!osk || !main) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const label = (name) => osk.dataset["label" + name[0].toUpperCase() + name.slice(1)] || name;
  const PAGE = 8;
  const LETTERS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
  const DIGITS = ["1 2 3", "4 5 6", "7 8 9", "X 0 ⌫", "✓"];
  const SYMBOLS = ["1 2 3 4 5 6 7 8 9 0", "- # ( ) / , 。 、 · ⌫", "␣ ✓"];

  let target = null;          // the field being typed into
  let mode = "pinyin";        // pinyin | handwriting | abc | 123 (text fields); digits fields have one
  let methods = [];           // what the kiosk offers: "pinyin", "handwriting"
  let keys = "", picks = [], page = 0;     // the pinyin being composed
  let strokes = [], stroke = null;         // the character being written
  let asked = 0;              // answers to older requests are dropped
  let spacer = 0;

  function query(path, body) {
    const mine = ++asked;
    return fetch(path, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
                         headers: { "Content-Type": "application/json", "X-CSRFToken": csrf } })
      .then((r) => r.json())
      .then((answer) => (mine === asked ? answer : null));
  }

  // ---- keeping the page still: main's height changes, its scrollable length changes with it
  function relayout(change) {
    const root = document.documentElement.style;
    const before = main.clientHeight;
    // A spacer ample for any change first: were main ever shorter than its scroll position
    // needs, the browser would pull the content down at the next layout.
    root.setProperty("--osk-spacer", spacer + window.innerHeight + "px");
    change();
    spacer = Math.max(0, spacer + main.clientHeight - before);
    root.setProperty("--osk-spacer", spacer + "px");
  }

  // ---- building the keyboard
  function button(text, key, onPress, cls) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.dataset.key = key;
    if (cls) b.className = cls;
    // pointerdown, not click: the field keeps its focus and caret.
    b.addEventListener("pointerdown", (e) => { e.preventDefault(); onPress(key); });
    return b;
  }
  function row(cls) {
    const line = document.createElement("div");
    line.className = cls || "osk-row";
    osk.appendChild(line);
    return line;
  }
  function keyRows(rows) {
    rows.forEach((r) => {
      const line = row();
      r.split(" ").forEach((k) => line.appendChild(button(k === "␣" ? label("space") : k, k, press,
                                                          k === "␣" ? "wide" : "")));
    });
  }
  function render() {
    osk.innerHTML = "";
    osk.dataset.mode = target.dataset.osk === "digits" ? "digits" : mode;
    if (osk.dataset.mode === "digits") { keyRows(DIGITS); return; }
    const bar = row("osk-candidates");
    bar.setAttribute("aria-live", "polite");
    const tabs = row("osk-tabs");
    [["pinyin", label("pinyin")], ["handwriting", label("handwriting")], ["abc", "ABC"], ["123", "123"]]
      .filter(([m]) => m === "abc" || m === "123" || methods.includes(m))
      .forEach(([m, text]) => {
        const tab = button(text, "mode-" + m, () => switchMode(m), m === mode ? "tab on" : "tab");
        tab.setAttribute("aria-pressed", m === mode ? "true" : "false");
        tabs.appendChild(tab);
      });
    tabs.appendChild(button(label("done"), "✓", press, "primary"));
    if (mode === "pinyin") {
      LETTERS.forEach((letters, i) => {
        const line = row();
        letters.split("").forEach((k) => line.appendChild(button(k, k, press)));
        if (i === 2) { line.appendChild(button("'", "'", press)); line.appendChild(button("⌫", "⌫", press)); }
      });
      keyRows(["， 。 ␣"]);
    } else if (mode === "abc") {
      LETTERS.forEach((letters, i) => {
        const line = row();
        letters.toUpperCase().split("").forEach((k) => line.appendChild(button(k, k, press)));
        if (i === 2) { line.appendChild(button("-", "-", press)); line.appendChild(button("⌫", "⌫", press)); }
      });
      keyRows(["␣"]);
    } else if (mode === "123") {
      keyRows(SYMBOLS);
    } else {
      const area = row("osk-write");
      const pad = document.createElement("canvas");
      pad.className = "osk-pad";
      pad.dataset.test = "handwriting-pad";
      pad.setAttribute("aria-label", label("writeHere"));
      area.appendChild(pad);
      const side = document.createElement("div");
      side.className = "osk-side";
      side.appendChild(button(label("rewrite"), "rewrite", clearPad));
      side.appendChild(button("⌫", "⌫", press));
      side.appendChild(button(label("space"), "␣", press, "wide"));
      area.appendChild(side);
      setUpPad(pad);
    }
    showCandidates({ candidates: [], page: 0, more: false, preedit: "" });
  }

  function showCandidates(answer) {
    // Fixed height whatever comes back: the preedit line, then one row that scrolls sideways.
    const bar = osk.querySelector(".osk-candidates");
    if (!bar || !answer) return;
    bar.innerHTML = "";
    const preedit = document.createElement("div");
    preedit.className = "preedit";
    preedit.dataset.test = "preedit";
    preedit.textContent = answer.preedit || "";
    const line = document.createElement("div");
    line.className = "osk-candidate-line";
    const list = document.createElement("div");
    list.className = "list";
    answer.candidates.forEach((text, i) => {
      const index = answer.page * PAGE + i;
      const b = button(text, "cand-" + index, () => choose(index, text), "candidate");
      b.dataset.candidate = text;
      list.appendChild(b);
    });
    const prev = button("‹", "page-prev", () => turn(-1), "pager");
    const next = button("›", "page-next", () => turn(1), "pager");
    prev.disabled = answer.page === 0;
    next.disabled = !answer.more;
    prev.setAttribute("aria-label", label("previous"));
    next.setAttribute("aria-label", label("next"));
    line.append(list, prev, next);
    bar.append(preedit, line);
  }

  // ---- typing
  function insert(text) {
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    target.setRangeText(text, start, end, "end");
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function deleteBack() {
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    if (start !== end) target.setRangeText("", start, end, "end");
    else if (start > 0) target.setRangeText("", start - 1, start, "end");
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function waiting() {
    // Candidates on screen belong to the keys before this one: not to be tapped until the answer.
    osk.querySelectorAll(".osk-candidates .candidate").forEach((b) => { b.disabled = true; });
  }
  function compose() {
    page = page < 0 ? 0 : page;
    waiting();
    if (!keys) { showCandidates({ candidates: [], page: 0, more: false, preedit: "" }); return; }
    query("/api/input/pinyin", { keys, picks, page, page_size: PAGE }).then((answer) => {
      if (answer && answer.commit) { insert(answer.commit); keys = ""; picks = []; page = 0; compose(); }
      else if (answer && answer.candidates) showCandidates(answer);
    }).catch(() => {});
  }
  function recognise() {
    if (!strokes.length) { showCandidates({ candidates: [], page: 0, more: false, preedit: "" }); return; }
    const pad = osk.querySelector(".osk-pad");
    waiting();
    query("/api/input/handwriting", { strokes, width: pad.width, height: pad.height, page, page_size: PAGE })
      .then((answer) => { if (answer && answer.candidates) showCandidates(answer); }).catch(() => {});
  }
  function choose(index, text) {
    if (mode === "pinyin") { picks.push(index); page = 0; compose(); }
    else { insert(text); clearPad(); }
  }
  function turn(step) {
    page += step;
    if (mode === "pinyin") compose(); else recognise();
  }
  function commitRaw() {
    // What is being composed is never thrown away: pinyin goes in as letters.
    if (keys) { insert(keys); keys = ""; picks = []; page = 0; compose(); }
  }
  function press(key) {
    if (!target) return;
    if (key === "✓") { commitRaw(); close(); target.blur(); return; }
    if (key === "⌫") {
      if (mode === "pinyin" && keys) {
        if (picks.length) picks.pop(); else keys = keys.slice(0, -1);
        page = 0; compose();
      } else if (mode === "handwriting" && strokes.length) {
        strokes.pop(); page = 0; drawPad(); recognise();
      } else deleteBack();
      return;
    }
    if (mode === "pinyin" && /^[a-z']$/.test(key)) { keys += key; page = 0; compose(); return; }
    if (key === "␣") {
      const first = osk.querySelector(".osk-candidates .candidate");
      if (mode === "pinyin" && keys && first) { choose(page * PAGE, first.dataset.candidate); return; }
      if (mode === "handwriting" && first) { choose(0, first.dataset.candidate); return; }
      insert(" ");
      return;
    }
    commitRaw();
    insert(key);
  }

  // ---- the writing pad: a stroke is sent when the finger lifts
  function setUpPad(pad) {
    const size = pad.getBoundingClientRect();
    pad.width = Math.round(size.width);
    pad.height = Math.round(size.height);
    const at = (e) => { const r = pad.getBoundingClientRect(); return [Math.round(e.clientX - r.left), Math.round(e.clientY - r.top)]; };
    pad.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      pad.setPointerCapture(e.pointerId);
      stroke = [at(e)];
    });
    pad.addEventListener("pointermove", (e) => {
      if (!stroke) return;
      const p = at(e), last = stroke[stroke.length - 1];
      if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) >= 3) { stroke.push(p); drawPad(); }
    });
    const lift = () => {
      if (!stroke) return;
      strokes.push(stroke);
      stroke = null;
      page = 0;
      drawPad();
      recognise();
    };
    pad.addEventListener("pointerup", lift);
    pad.addEventListener("pointercancel", lift);
    drawPad();
  }
  function drawPad() {
    const pad = osk.querySelector(".osk-pad");
    if (!pad) return;
    const g = pad.getContext("2d");
    g.clearRect(0, 0, pad.width, pad.height);
    g.strokeStyle = "#c9d1da"; g.lineWidth = 1; g.setLineDash([8, 8]);
    g.beginPath(); g.moveTo(pad.width / 2, 0); g.lineTo(pad.width / 2, pad.height);
    g.moveTo(0, pad.height / 2); g.lineTo(pad.width, pad.height / 2); g.stroke();
    g.setLineDash([]); g.strokeStyle = "#111"; g.lineWidth = 6; g.lineCap = "round"; g.lineJoin = "round";
    strokes.concat(stroke ? [stroke] : []).forEach((s) => {
      g.beginPath(); g.moveTo(s[0][0], s[0][1]);
      s.forEach(([x, y]) => g.lineTo(x, y));
      if (s.length === 1) g.lineTo(s[0][0] + 0.1, s[0][1]);
      g.stroke();
    });
  }
  function clearPad() { strokes = []; stroke = null; page = 0; drawPad(); recognise(); }

  // ---- opening, switching, closing
  function switchMode(m) {
    commitRaw();
    strokes = []; mode = m; page = 0;
    relayout(render);
    target.scrollIntoView({ block: "nearest" });
  }
  function open(input) {
    if (target !== input) { commitRaw(); strokes = []; }
    target = input;
    relayout(() => { render(); osk.hidden = false; document.body.classList.add("osk-open"); });
    osk.setAttribute("aria-hidden", "false");
    input.scrollIntoView({ block: "nearest" });
  }
  function close() {
    if (osk.hidden) return;
    relayout(() => { osk.hidden = true; document.body.classList.remove("osk-open"); });
    osk.setAttribute("aria-hidden", "true");
  }

  fetch("/api/input/methods", { credentials: "same-origin" }).then((r) => r.json())
    .then((answer) => {
      methods = answer.methods || [];
      if (!methods.includes("pinyin")) mode = methods.includes("handwriting") ? "handwriting" : "abc";
      if (target && !osk.hidden) relayout(render);
    }).catch(() => { mode = "abc"; });
  document.querySelectorAll("[data-osk]").forEach((el) => el.addEventListener("focus", () => open(el)));
  // Capture phase: a key may rebuild the keyboard before a bubbling listener would ask where it was.
  document.addEventListener("pointerdown", (e) => {
    if (osk.hidden || osk.contains(e.target) || (e.target.dataset && e.target.dataset.osk)) return;
    commitRaw();
    close();
  }, true);
})();
