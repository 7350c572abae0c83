// The desk's only script: it improves pages that work without it (no inline script; CSP 'self').
// - the length counter under the draft, against the chosen platform's limit;
// - the cooling-off countdown before "Copy / Ready to post" (the server enforces it as well);
// - the copy button on the ready page;
// - live checking as you type on the compose page: a debounced call to the JSON API
//   (/api/v1/check, which stores nothing), its verdict and findings shown under the box.
//   "Check" still sends the form, which is what stores the check and shows the full result.
"use strict";

function setUpLength() {
  const out = document.querySelector("[data-length-for]");
  if (!out) return;
  const box = document.getElementById(out.dataset.lengthFor);
  const platform = document.getElementById("platform");
  const note = document.getElementById("length");
  const update = () => {
    // Code points, as the checker counts them (an emoji is one).
    const n = Array.from(box.value).length;
    const option = platform ? platform.options[platform.selectedIndex] : null;
    const limit = option && option.dataset.limit ? Number(option.dataset.limit) : 0;
    out.textContent = String(n);
    note.lastChild.textContent = limit ? ` of ${limit} characters` + (n > limit ? ": too long for this platform" : "")
                                       : " characters";
    note.classList.toggle("over", Boolean(limit) && n > limit);
  };
  box.addEventListener("input", update);
  if (platform) platform.addEventListener("change", update);
  update();
}

function setUpCountdown() {
  const button = document.getElementById("ready");
  const note = document.getElementById("pause-note");
  if (!button || !button.dataset.wait || !note) return;
  let left = Number(button.dataset.wait);
  const seconds = note.querySelector(".seconds");
  button.disabled = true;
  const tick = () => {
    left -= 1;
    if (left <= 0) {
      button.disabled = false;
      note.textContent = "You can copy the post now.";
      return;
    }
    // Announce every ten seconds only, so a screen reader is not talked over.
    if (left % 10 === 0 || left < 4) seconds.textContent = String(left);
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

function setUpCopy() {
  const button = document.querySelector("[data-copy]");
  if (!button) return;
  const box = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(box.value);
      status.textContent = "Copied.";
    } catch (e) {
      box.select();
      status.textContent = "Select the text and copy it with Ctrl+C (or Cmd+C).";
    }
  });
}

const VERDICTS = {"publish": "Publish", "revise": "Revise before publishing", "do-not-publish": "Do not publish"};
const LIVE_DELAY_MS = 700;

function setUpLiveCheck() {
  const live = document.querySelector("[data-check-api]");
  const box = document.getElementById("text");
  if (!live || !box || !window.fetch) return;
  const field = (id) => document.getElementById(id);
  let timer = null;
  let inFlight = null;
  const show = (report) => {
    // Built with textContent only: the draft's words are never parsed as HTML.
    live.replaceChildren();
    const head = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = VERDICTS[report.verdict] || report.verdict;
    head.append("As you type: ", strong);
    const n = report.findings.length;
    head.append(n ? ` (${n} problem${n > 1 ? "s" : ""}; press Check for the details)` : " (no problems found so far)");
    live.append(head);
    if (!n) return;
    const list = document.createElement("ul");
    for (const f of report.findings) {
      const item = document.createElement("li");
      const words = (f.spans || []).map((s) => `“${s.match}”`).join(", ");
      item.textContent = f.title + (words ? `: ${words}` : "");
      list.append(item);
    }
    live.append(list);
  };
  const run = async () => {
    const text = box.value;
    if (!text.trim()) { live.replaceChildren(); return; }
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const body = {text, account: field("account").value, in_meeting: field("in_meeting").checked};
    if (field("platform").value) body.platform = field("platform").value;
    if (field("at").value) body.at = field("at").value;
    try {
      const r = await fetch(live.dataset.checkApi, {method: "POST", signal: inFlight.signal,
        headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
      const data = await r.json();
      if (r.ok) { show(data); live.dataset.checked = text; }
      else { live.textContent = data.error ? data.error.message : "The live check could not run."; }
    } catch (e) {
      if (e.name !== "AbortError") live.textContent = "The live check could not run; press Check.";
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(run, LIVE_DELAY_MS); };
  box.addEventListener("input", later);
  for (const id of ["account", "platform", "at", "in_meeting"]) {
    const el = field(id);
    if (el) el.addEventListener("change", later);
  }
  if (box.value.trim()) later();
}

document.addEventListener("DOMContentLoaded", () => {
  setUpLiveCheck();
  setUpLength();
  setUpCountdown();
  setUpCopy();
});
