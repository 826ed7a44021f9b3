// hourglass workbench: the few things the pages do in the browser. Every
// page works without it except adding form rows and live progress.
"use strict";

// Form rows: clone a <template>, number its fields (name="iv-__N__-key").
// Rows the server drew (a form that came back with problems) keep their
// numbers; new ones follow (data-next).
let rows = 0;
function addRow(templateId, listId) {
  const tpl = document.getElementById(templateId);
  const list = document.getElementById(listId);
  if (!tpl || !list) return null;
  const n = rows++;
  const node = tpl.content.firstElementChild.cloneNode(true);
  node.querySelectorAll("[name]").forEach(el => { el.name = el.name.replace("__N__", String(n)); });
  list.appendChild(node);
  setupRow(node);
  const first = node.querySelector("input:not([type=hidden]), select");
  if (first) first.focus();
  return node;
}

function setupRow(node) {
  const remove = node.querySelector(".remove");
  if (remove) remove.addEventListener("click", () => node.remove());
  node.querySelectorAll("input.place").forEach(placeHint);
}

// A place field takes an id or a name: beside it, the place the text
// names ("Osh" and "osh" are both Osh, id osh), or that it names none.
function placeHint(input) {
  const list = input.list;
  const hint = input.parentElement.querySelector(".place-name");
  if (!list || !hint) return;
  const show = () => {
    const text = input.value.trim().toLowerCase();
    hint.textContent = "";
    if (!text) return;
    const opts = Array.from(list.options);
    const byID = opts.find(o => o.value.toLowerCase() === text);
    const byName = opts.filter(o => o.textContent.split(" (")[0].toLowerCase() === text || o.textContent.toLowerCase() === text);
    if (byID) hint.textContent = "= " + byID.value + ": " + byID.textContent;
    else if (byName.length === 1) hint.textContent = "= " + byName[0].value + ": " + byName[0].textContent;
    else if (byName.length > 1) hint.textContent = "several have that name: " + byName.map(o => o.value).join(", ");
    else hint.textContent = "not in the list yet: keep typing, or pick one";
  };
  input.addEventListener("input", show);
  show();
}

function setupForm() {
  const ivs = document.getElementById("intervention-list");
  if (ivs) rows = Math.max(rows, parseInt(ivs.dataset.next || "0", 10));
  document.querySelectorAll("#intervention-list fieldset, #event-list fieldset").forEach(setupRow);
  const add = document.getElementById("add-intervention");
  if (add) add.addEventListener("click", () => addRow("tpl-" + document.getElementById("add-kind").value, "intervention-list"));
  const ev = document.getElementById("add-event");
  if (ev) ev.addEventListener("click", () => addRow("tpl-event", "event-list"));
}

// The comparison form offers the alternatives that extend the chosen
// baseline (and any already ticked), or every one when different worlds
// are allowed.
function setupAlternatives() {
  const base = document.getElementById("baseline");
  const allow = document.getElementById("allow-different-worlds");
  if (!base || !allow) return;
  const update = () => {
    let shown = 0;
    document.querySelectorAll("#alternatives label.alt").forEach(l => {
      const box = l.querySelector("input");
      l.hidden = !(allow.checked || box.checked || l.dataset.parent === base.value);
      if (!l.hidden) shown++;
    });
    document.querySelectorAll("#alternatives .alt-group").forEach(g => { g.hidden = !g.querySelector("label.alt:not([hidden])"); });
    const none = document.querySelector("#alternatives .none-extends");
    if (none) none.hidden = shown > 0;
  };
  base.addEventListener("change", update);
  allow.addEventListener("change", update);
  update();
}

// Live progress of a run, by server-sent events.
function setupProgress() {
  const live = document.getElementById("live");
  if (!live) return;
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const status = document.getElementById("status");
  const src = new EventSource(live.dataset.events);
  src.onmessage = e => {
    const s = JSON.parse(e.data);
    if (s.total > 0) {
      bar.value = s.pct;
      text.textContent = `${s.done} of ${s.total} replications (${Math.floor(s.pct)}%)` + (s.eta ? `, ETA ${s.eta}` : "") + (s.note ? `, ${s.note}` : "");
    } else {
      text.textContent = s.state === "queued" ? "waiting for the run before it" : "loading the scenarios";
    }
    status.textContent = s.state;
    live.dataset.state = s.state;
    if (s.state !== "running" && s.state !== "queued") {
      src.close();
      window.location.reload();
    }
  };
}

// Side by side: two ticked runs.
function setupSide() {
  const form = document.getElementById("side-form");
  if (!form) return;
  const picks = () => Array.from(form.querySelectorAll("input.pick:checked")).map(el => el.value);
  form.addEventListener("change", () => {
    const p = picks();
    document.getElementById("side-button").disabled = p.length !== 2;
    document.getElementById("side-a").value = p[0] || "";
    document.getElementById("side-b").value = p[1] || "";
  });
}

document.addEventListener("DOMContentLoaded", () => { setupForm(); setupAlternatives(); setupProgress(); setupSide(); });
