"use strict";
// Draws an APL RenderDocument directive with Amazon's viewhost (apl-viewhost-web
// 1.4.0, served by the studio from node_modules) as an Echo Show would.
// Imports are fetched from the studio: alexa-layouts is a local stand-in.

const SCREEN_SIZES = [
  {name: "1280×800", width: 1280, height: 800, shape: "RECTANGLE"},
  {name: "1024×600", width: 1024, height: 600, shape: "RECTANGLE"},
  {name: "960×480", width: 960, height: 480, shape: "RECTANGLE"},
  {name: "480×480 round", width: 480, height: 480, shape: "ROUND"},
];

let viewhostReady = null;

function startViewhost() {
  if (!viewhostReady) {
    viewhostReady = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/apl/viewhost.js";
      script.onload = () => window.AplRenderer.initEngine().then(resolve, reject);
      script.onerror = () => reject(new Error("Amazon's APL viewhost is not installed: run make setup"));
      document.head.append(script);
    });
  }
  return viewhostReady;
}

// Each import fetched from the studio rather than Amazon's network.
function withLocalImports(aplDocument) {
  const copy = JSON.parse(JSON.stringify(aplDocument));
  copy.import = (copy.import || []).map((wanted) =>
    ({...wanted, source: `/apl/packages/${encodeURIComponent(wanted.name)}/${encodeURIComponent(wanted.version)}`}));
  return copy;
}

// Draws `directive` into `frame` at `size`; resolves to the renderer once the layout is done.
async function drawScreen(frame, directive, size) {
  await startViewhost();
  if (frame.renderer) frame.renderer.destroy();
  frame.replaceChildren();
  const view = document.createElement("div");
  view.className = "apl-view" + (size.shape === "ROUND" ? " round" : "");
  view.style.width = `${size.width}px`;
  view.style.height = `${size.height}px`;
  frame.append(view);
  const content = window.AplRenderer.Content.create(JSON.stringify(withLocalImports(directive.document)));
  const parameters = directive.document.mainTemplate?.parameters || [];
  const datasources = directive.datasources || {};
  parameters.forEach((name) => content.addData(name, JSON.stringify(
    name === "payload" ? datasources : (datasources[name] ?? {}))));
  const renderer = window.AplRenderer.default.create({
    content,
    view,
    environment: {agentName: "Closer Again studio", agentVersion: "1.0", allowOpenUrl: false, disallowVideo: true},
    viewport: {width: size.width, height: size.height, dpi: 160, shape: size.shape, mode: "HUB"},
    theme: directive.document.theme || "dark",
    developerToolOptions: {mappingKey: "id", writeKeys: ["id"]},
    utcTime: Date.now(),
    localTimeAdjustment: -new Date().getTimezoneOffset() * 60 * 1000,
    onSendEvent: (event) => frame.dispatchEvent(new CustomEvent("apl-touch", {detail: event})),
  });
  frame.renderer = renderer;
  await renderer.init();
  frame.dataset.drawn = `${size.width}x${size.height}`;
  return renderer;
}
