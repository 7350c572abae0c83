// The desk's only script: it improves pages that work without it (no inline script; CSP 'self').
// - the length counter under the draft, against the chosen platform's limit;
// - the cooling-off countdown before "Copy / Ready to post" (the server enforces it as well);
// - the copy button on the ready page.
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

document.addEventListener("DOMContentLoaded", () => {
  setUpLength();
  setUpCountdown();
  setUpCopy();
});
