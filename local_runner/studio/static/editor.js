"use strict";
// Editing a line in place: counted as it is typed, heard through the skill's own speech path,
// saved to its YAML file only when the whole content still checks out.

const drafts = new Map();  // line name -> the text being edited, kept while the table redraws
const saved = new Set();  // lines saved from this page, marked as such
let secondsPerWord = 60 / 175;
let changesSince = null;  // how many changes the studio had when this page opened

fetch("/api/changes").then((reply) => reply.json()).then((data) => { changesSince = data.count; });

function refreshPace() {
  fetch("/api/pace").then((reply) => reply.json()).then((data) => { secondsPerWord = data.seconds_per_word; });
}

function wordCount(text) {
  return (text.match(/[\w']+/gu) || []).length;  // as content/validator.py counts
}

function editable(tr, row, textCell, buttonCell) {
  if (saved.has(row.name)) tr.classList.add("saved");
  if (!row.source) {
    textCell.title = row.not_editable || "";
    return;
  }
  const edit = element("button", "play edit", "edit");
  edit.addEventListener("click", () => {
    drafts.set(row.name, row.source);
    openEditor(tr, row, textCell);
  });
  buttonCell.append(edit);
  if (drafts.has(row.name)) openEditor(tr, row, textCell);
}

function openEditor(tr, row, textCell) {
  tr.classList.add("editing");
  const box = element("div", "editor");
  const area = element("textarea");
  area.value = drafts.get(row.name);
  area.rows = Math.max(3, Math.ceil(area.value.length / 70));
  area.setAttribute("aria-label", `edit ${row.name}`);
  const meter = element("div", "meter");
  const verdict = element("div", "verdict");
  const message = element("div", "message");
  const player = element("audio");
  player.controls = true;
  player.hidden = true;  // shown once there is something to hear
  const listen = element("button", "play listen", "listen");
  const save = element("button", "play save", "save");
  const cancel = element("button", "quiet cancel", "cancel");
  const actions = element("div", "actions");
  actions.append(listen, save, cancel);
  box.append(element("div", "hint", `${row.source_file}`), area, meter, verdict, actions, message, player);

  const measure = () => {
    drafts.set(row.name, area.value);
    const words = wordCount(area.value);
    const seconds = row.pause + words * secondsPerWord;
    const overWords = words > row.word_limit;
    const overSeconds = row.second_limit !== null && seconds > row.second_limit;
    meter.className = "meter" + (overWords || overSeconds ? " over" : "");
    meter.textContent = `${words} words of ${row.word_limit} · about ${seconds.toFixed(1)} s` +
      (row.second_limit === null ? "" : ` of ${row.second_limit} s`);
  };
  // The whole content checked with these words, a moment after typing stops.
  let pending = null;
  const check = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const typed = area.value;
      const data = await (await post(`/api/lines/${encodeURIComponent(row.name)}/check`, {text: typed})).json();
      if (area.value !== typed) return;  // typed on meanwhile: a newer check follows
      verdict.className = data.problem ? "verdict error" : "verdict ok";
      verdict.textContent = data.problem ? `would not save: ${data.problem}` : "the content still checks out";
    }, 600);
  };
  area.addEventListener("input", () => { measure(); check(); });
  measure();

  listen.addEventListener("click", async () => {
    message.className = "message";
    message.textContent = "rendering…";
    const reply = await post(`/api/lines/${encodeURIComponent(row.name)}/listen`, {text: area.value});
    const data = await reply.json();
    if (!reply.ok) {
      message.className = "message error";
      message.textContent = data.error;
      return;
    }
    message.className = data.problem ? "message error" : "message";
    message.textContent = `${data.seconds.toFixed(1)} s` + (data.problem ? `; will not save: ${data.problem}` : "");
    player.hidden = false;
    player.src = data.audio;
    player.play().catch(() => {});
  });

  save.addEventListener("click", async () => {
    save.disabled = true;
    message.className = "message";
    message.textContent = "checking the whole content…";
    const reply = await post(`/api/lines/${encodeURIComponent(row.name)}`, {text: area.value});
    const data = await reply.json();
    save.disabled = false;
    if (!reply.ok) {
      message.className = "message error refused";
      message.textContent = data.error;
      return;
    }
    drafts.delete(row.name);
    saved.add(row.name);
    const index = lineRows.findIndex((r) => r.name === row.name);
    if (index >= 0) lineRows[index] = data.line;
    drawLines();
    refreshPace();
  });

  cancel.addEventListener("click", () => {
    drafts.delete(row.name);
    drawLines();
  });
  textCell.replaceChildren(box);
}

function post(url, body) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
}

// Changes saved since this page opened
async function loadChanges() {
  const data = await (await fetch(`/api/changes?since=${changesSince ?? 0}`)).json();
  const list = $("#change-list");
  if (!data.changes.length) {
    list.replaceChildren(element("p", "hint", "Nothing saved since this page was opened."));
    return;
  }
  list.replaceChildren(...data.changes.map((change) => {
    const box = element("div", "change");
    box.dataset.name = change.name;
    const diff = element("pre", "diff");
    change.diff.split("\n").forEach((line) => {
      const kind = line.startsWith("+") && !line.startsWith("+++") ? "add" :
        line.startsWith("-") && !line.startsWith("---") ? "del" : "same";
      diff.append(element("span", kind, line + "\n"));
    });
    box.append(element("h3", null, `${change.name} (${change.file})`), diff);
    return box;
  }));
}

refreshPace();
