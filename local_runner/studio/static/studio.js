"use strict";
// The studio page: plain DOM, no framework, everything from the local Flask app.

const $ = (selector) => document.querySelector(selector);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function details(summary, value) {
  const box = element("details");
  box.append(element("summary", null, summary), element("pre", null, JSON.stringify(value, null, 2)));
  return box;
}

// Tabs
document.querySelectorAll(".tab").forEach((tab) => {
  tab.addEventListener("click", () => {
    document.querySelectorAll(".tab, .panel").forEach((n) => n.classList.remove("active"));
    tab.classList.add("active");
    $("#" + tab.dataset.panel).classList.add("active");
    if (tab.dataset.panel === "lines") loadLines();
    if (tab.dataset.panel === "dialogs") loadDialogs();
    if (tab.dataset.panel === "changes") loadChanges();
  });
});

// Chat
function showTurn(turn) {
  const box = element("div", "alexa");
  const meta = element("div", "meta");
  meta.append(element("span", "intent", turn.intent));
  if (turn.confidence !== null) meta.append(` ${turn.confidence.toFixed(2)}`);
  for (const [name, slot] of Object.entries(turn.slots)) {
    meta.append(`  ${name}="${slot.value}" → ${slot.id ?? "no match"}`);
  }
  box.append(meta);
  if (turn.speech) box.append(element("p", "speech", turn.speech));
  if (turn.audio) {
    const audio = element("audio");
    audio.controls = true;
    audio.preload = "auto";
    audio.src = turn.audio;
    box.append(audio);
  } else if (turn.audio_error) {
    box.append(element("p", "hint", `no audio: ${turn.audio_error}`));
  }
  if (turn.card) {
    const card = element("div", "card");
    card.append(element("b", null, turn.card.title), element("div", null, turn.card.content));
    box.append(card);
  }
  turn.screens.forEach((directive) => box.append(screenBox(directive)));
  if (turn.apl.length) box.append(details("screen: APL datasources", turn.apl));
  box.append(details("request", turn.request), details("response", turn.response));
  if (turn.ended) box.append(element("div", "ended", "session ended"));
  $("#transcript").append(box);
}

// The screen an Echo Show would show for this answer, at the size chosen (the last one chosen by default).
let screenSize = SCREEN_SIZES[0];

function screenBox(directive) {
  const box = element("div", "screens");
  const sizes = element("div", "sizes");
  const scaled = element("div", "scaled");
  const frame = element("div", "screen-frame");
  const note = element("div", "hint");
  scaled.append(frame);
  const draw = (size) => {
    screenSize = size;
    sizes.querySelectorAll("button").forEach((b) => b.classList.toggle("active", b.dataset.size === size.name));
    const scale = Math.min(1, 560 / size.width);
    frame.style.transform = `scale(${scale})`;
    scaled.style.width = `${size.width * scale}px`;
    scaled.style.height = `${size.height * scale}px`;
    note.textContent = "";
    drawScreen(frame, directive, size).catch((error) => { note.textContent = `screen not drawn: ${error.message}`; });
  };
  SCREEN_SIZES.forEach((size) => {
    const button = element("button", null, size.name);
    button.type = "button";
    button.dataset.size = size.name;
    button.addEventListener("click", () => draw(size));
    sizes.append(button);
  });
  box.append(sizes, scaled, note);
  draw(screenSize);
  return box;
}

$("#say-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const utterance = $("#utterance").value.trim();
  if (!utterance) return;
  $("#transcript").append(element("div", "you", utterance));
  $("#utterance").value = "";
  $("#say-button").disabled = true;
  try {
    const reply = await fetch("/api/say", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({utterance, screen: $("#screen").checked}),
    });
    const data = await reply.json();
    if (!reply.ok) throw new Error(data.error || reply.statusText);
    data.turns.forEach(showTurn);
  } catch (error) {
    $("#transcript").append(element("div", "error", `could not reach the skill: ${error.message}`));
  } finally {
    $("#say-button").disabled = false;
    $("#utterance").focus();
    window.scrollTo(0, document.body.scrollHeight);
  }
});

$("#restart").addEventListener("click", async () => {
  await fetch("/api/restart", {method: "POST"});
  $("#transcript").replaceChildren(element("div", "hint", "A new conversation: the skill has forgotten this session."));
});

// Every spoken line
let lineRows = [];
let lineTimer = null;

async function loadLines() {
  const reply = await fetch("/api/lines");
  lineRows = (await reply.json()).lines;
  if (!drafts.size) drawLines();  // never redrawn under an editor's hands
  const pending = lineRows.some((row) => row.seconds === null);
  clearTimeout(lineTimer);
  if (pending && $("#lines").classList.contains("active")) lineTimer = setTimeout(loadLines, 2000);
}

function drawLines() {
  const words = $("#search").value.trim().toLowerCase();
  const shown = lineRows.filter((row) => !words ||
    `${row.name} ${row.file} ${row.item} ${row.text}`.toLowerCase().includes(words));
  const body = $("#line-table tbody");
  body.replaceChildren(...shown.map((row) => {
    const tr = element("tr", row.over.length ? "over" : "");
    tr.dataset.name = row.name;
    const text = element("td", null, row.text);
    row.over.forEach((why) => text.append(element("span", "why", why)));
    const play = element("button", "play", "play");
    play.addEventListener("click", () => {
      const player = $("#line-player");
      player.src = `/api/lines/${encodeURIComponent(row.name)}.wav`;
      player.play();
    });
    const button = element("td");
    button.append(play);
    tr.append(element("td", "item", row.file), element("td", "item", row.item), text,
      element("td", "num", `${row.words} / ${row.word_limit}`),
      element("td", "num", row.seconds === null ? "…" : row.seconds.toFixed(1)), button);
    editable(tr, row, text, button);
    return tr;
  }));
  const over = lineRows.filter((row) => row.over.length).length;
  $("#line-summary").textContent =
    `${shown.length} of ${lineRows.length} lines shown; ${over} over a limit.`;
}

$("#search").addEventListener("input", drawLines);

// Dialog files
async function loadDialogs() {
  const names = (await (await fetch("/api/dialogs")).json()).dialogs;
  $("#dialog-list").replaceChildren(...names.map((name) => {
    const item = element("li");
    const run = element("button", "run", "run");
    run.addEventListener("click", () => runDialog(name));
    item.append(element("span", null, name), run);
    return item;
  }));
}

async function runDialog(name) {
  const result = $("#dialog-result");
  result.replaceChildren(element("p", "hint", `running ${name}…`));
  const data = await (await fetch(`/api/dialogs/${encodeURIComponent(name)}`, {method: "POST"})).json();
  const title = element("h3", null, name);
  if (data.error) {
    result.replaceChildren(title, element("p", "error", data.error));
    return;
  }
  const failed = data.steps.filter((step) => !step.passed).length;
  result.replaceChildren(title, element("p", failed ? "fail" : "pass",
    failed ? `${failed} of ${data.steps.length} steps failed` : `all ${data.steps.length} steps passed`),
  ...data.steps.map((step) => {
    const row = element("div", "step");
    row.append(element("span", step.passed ? "pass" : "fail", step.passed ? "PASS " : "FAIL "),
      `${step.number}. ${step.label}`);
    step.failures.forEach((failure) => row.append(element("pre", null, failure)));
    return row;
  }));
}

$("#utterance").focus();
