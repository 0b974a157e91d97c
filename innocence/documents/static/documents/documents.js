// Documents: drag-and-drop upload (files and whole folders) and excerpt selection.
// Everything works without this script: plain file inputs and a paste-in quote box.
(function () {
  "use strict";

  function readEntries(reader) {
    return new Promise((resolve) => reader.readEntries(resolve, () => resolve([])));
  }

  async function collect(entry, out) {
    if (entry.isFile) {
      await new Promise((resolve) => entry.file((file) => { out.push(file); resolve(); }, resolve));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      let batch;
      do {
        batch = await readEntries(reader);
        for (const child of batch) { await collect(child, out); }
      } while (batch.length);
    }
  }

  function setupDropzone(form) {
    const zone = form.querySelector("[data-dropzone-target]");
    const input = form.querySelector("input[type=file]:not([webkitdirectory])");
    if (!zone || !input || typeof DataTransfer === "undefined") { return; }
    ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("dragging");
    }));
    ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("dragging")));
    zone.addEventListener("drop", async (event) => {
      event.preventDefault();
      const files = [];
      const items = Array.from(event.dataTransfer.items || []);
      const entries = items.map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
      if (entries.length) {
        for (const entry of entries) { await collect(entry, files); }
      } else {
        files.push(...Array.from(event.dataTransfer.files || []));
      }
      const transfer = new DataTransfer();
      files.forEach((file) => transfer.items.add(file));
      input.files = transfer.files;
      // Not sent at once: the rows below let the user say, per file, where it came from
      // and what it is before "Add" (a transcript in a mixed drop is not a police file).
      renderFileRows(form);
      const submit = form.querySelector("button[type=submit]");
      if (submit) { submit.focus(); }
    });
    form.querySelectorAll("input[type=file]").forEach((el) => el.addEventListener("change", () => renderFileRows(form)));
    form.addEventListener("submit", () => form.classList.add("htmx-request"));
  }

  // A row per chosen file, each with its own provenance and type; an empty choice is the
  // batch default (the selects above). Sent as provenance:<name> and doc_type:<name>.
  function renderFileRows(form) {
    const table = form.querySelector("[data-file-rows]");
    const template = form.querySelector("[data-file-row-template]");
    if (!table || !template) { return; }
    const body = table.querySelector("tbody");
    const kept = {};
    body.querySelectorAll("select[data-per-file]").forEach((select) => { kept[select.name] = select.value; });
    body.textContent = "";
    const names = [];
    form.querySelectorAll("input[type=file]").forEach((el) => {
      Array.from(el.files || []).forEach((file) => { if (names.indexOf(file.name) < 0) { names.push(file.name); } });
    });
    names.forEach((name) => {
      const row = template.content.firstElementChild.cloneNode(true);
      row.querySelector("[data-file-name]").textContent = name;
      row.querySelectorAll("select[data-per-file]").forEach((select) => {
        select.name = select.dataset.perFile + ":" + name;
        if (kept[select.name]) { select.value = kept[select.name]; }
      });
      body.appendChild(row);
    });
    table.hidden = names.length === 0;
  }

  function setupSelectAll() {
    document.querySelectorAll("[data-select-all]:not([data-ready])").forEach((box) => {
      box.setAttribute("data-ready", "1");
      box.addEventListener("change", () => {
        document.querySelectorAll("input[name=documents][form=doc-bulk]").forEach((el) => { el.checked = box.checked; });
      });
    });
  }

  function offsetWithin(container, node, offset) {
    const range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function setupExcerpts() {
    const text = document.querySelector("[data-page-text]");
    const form = document.querySelector("[data-excerpt-form]");
    if (!text || !form) { return; }
    document.addEventListener("selectionchange", () => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return; }
      const range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
      const start = offsetWithin(text, range.startContainer, range.startOffset);
      const end = offsetWithin(text, range.endContainer, range.endOffset);
      form.querySelector("[name=quote]").value = text.textContent.slice(start, end);
      form.querySelector("[name=start]").value = String(start);
      form.querySelector("[name=end]").value = String(end);
    });
  }

  // Viewer: zoom the page image (the hit boxes are in percent, so they follow), and keys:
  // left/right arrows for the previous/next page, n/p for the next/previous hit, +/- zoom.
  function setupViewer() {
    const figure = document.querySelector("[data-page-image]");
    const frame = figure && figure.querySelector("[data-zoom-frame]");
    let zoom = 1;
    function applyZoom() { if (frame) { frame.style.width = String(Math.round(zoom * 100)) + "%"; } }
    function change(step) {
      zoom = step === 0 ? 1 : Math.min(4, Math.max(0.5, zoom * (step > 0 ? 1.25 : 0.8)));
      applyZoom();
    }
    if (figure) {
      figure.querySelectorAll("[data-zoom]").forEach((button) => button.addEventListener("click", () => change(Number(button.dataset.zoom))));
      const firstHit = figure.querySelector("[data-image-hit]");
      if (firstHit && firstHit.scrollIntoView) { firstHit.scrollIntoView({ block: "center", inline: "nearest" }); }
    }
    if (!document.querySelector("[data-key-next-page], [data-key-prev-page], [data-page-image]")) { return; }
    document.addEventListener("keydown", (event) => {
      const target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) { return; }
      const follow = (selector) => {
        const link = document.querySelector(selector);
        if (link) { event.preventDefault(); window.location.assign(link.href); }
      };
      if (event.key === "ArrowRight") { follow("[data-key-next-page]"); }
      else if (event.key === "ArrowLeft") { follow("[data-key-prev-page]"); }
      else if (event.key === "n") { follow("[data-key-next-hit]"); }
      else if (event.key === "p") { follow("[data-key-prev-hit]"); }
      else if (event.key === "+" || event.key === "=") { change(1); }
      else if (event.key === "-") { change(-1); }
    });
  }

  function setupAll() {
    document.querySelectorAll("[data-dropzone]:not([data-ready])").forEach((form) => {
      form.setAttribute("data-ready", "1");
      setupDropzone(form);
    });
    setupSelectAll();
  }

  function init() {
    setupAll();
    setupExcerpts();
    setupViewer();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", setupAll);
})();
