// Run in the studio's /screen page after drawScreen(): reads the viewhost's component tree
// (APL core component types) and the DOM each component is drawn as, and returns what a
// person would see wrong: text cut off, a ScrollView squeezed while room is left, a button
// without words.
const [frame] = arguments;
const TEXT = 8, TOUCH_WRAPPER = 9, SCROLLERS = [6, 7];  // Text, TouchWrapper, ScrollView and Sequence
const SLACK = 2;  // pixels of rounding
const view = frame.querySelector(".apl-view");
const screen = view.getBoundingClientRect();
const round = view.classList.contains("round");
const found = {texts: [], cut: [], cramped: [], emptyButtons: 0, buttons: []};

function inside(rect, box, widthSlack) {
  return rect.left >= box.left - widthSlack && rect.right <= box.right + widthSlack &&
    rect.top >= box.top - SLACK && rect.bottom <= box.bottom + SLACK;
}

function inCircle(rect, widthSlack) {
  const cx = screen.left + screen.width / 2, cy = screen.top + screen.height / 2, radius = screen.width / 2;
  return [[rect.left + widthSlack, rect.top], [rect.right - widthSlack, rect.top],
    [rect.left + widthSlack, rect.bottom], [rect.right - widthSlack, rect.bottom]]
    .every(([x, y]) => Math.hypot(x - cx, y - cy) <= radius + SLACK);
}

function freeRoom(scroller) {
  // Room the ScrollView's parent has left over: a squeezed ScrollView could have been taller.
  const parent = scroller.parent;
  const box = parent.container.getBoundingClientRect();
  const style = getComputedStyle(parent.container);
  const used = parent.children.reduce((sum, child) => sum + child.container.getBoundingClientRect().height, 0);
  return box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - used;
}

function checkText(component) {
  const words = component.container.textContent.trim();
  if (!words) return;
  found.texts.push(words);
  let scroller = null;
  let clip = screen;
  for (let up = component.parent; up; up = up.parent) {
    const type = up.component.getType();
    if (SCROLLERS.includes(type) && !scroller) {
      scroller = up;
      continue;
    }
    const box = up.container.getBoundingClientRect();
    clip = {left: Math.max(clip.left, box.left), right: Math.min(clip.right, box.right),
      top: Math.max(clip.top, box.top), bottom: Math.min(clip.bottom, box.bottom)};
  }
  // The text is laid out by APL core with its measure of the fallback font; the browser may draw a
  // line a little wider (docs/studio.md): 1.5% of the width is allowed sideways, nothing up or down.
  const widthSlack = SLACK + 0.015 * component.container.getBoundingClientRect().width;
  const walker = document.createTreeWalker(component.container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const line of range.getClientRects()) {
      if (line.width === 0) continue;
      let seen = line;
      if (scroller) {
        const area = scroller.container.getBoundingClientRect();
        if (line.left < area.left - widthSlack || line.right > area.right + widthSlack) found.cut.push(words);
        if (scroller.container.scrollHeight > area.height + SLACK && freeRoom(scroller) > 8) {
          found.cramped.push(words);
        }
        seen = {left: line.left, right: line.right,
          top: Math.max(line.top, area.top), bottom: Math.min(line.bottom, area.bottom)};
        if (seen.bottom <= seen.top) continue;  // scrolled out of sight, reached by scrolling
      }
      if (!inside(seen, clip, widthSlack) || (round && !inCircle(seen, widthSlack))) found.cut.push(words);
    }
  }
}

function walk(component) {
  const type = component.component.getType();
  if (type === TEXT) checkText(component);
  if (type === TOUCH_WRAPPER) {
    const words = component.container.textContent.trim();
    const box = component.container.getBoundingClientRect();
    if (!words || words === "buttonText") found.emptyButtons += 1;  // "buttonText": AlexaButton's default
    else found.buttons.push(words);
    if (!inside(box, screen, SLACK) || (round && !inCircle(box, 0))) found.cut.push(`button ${words}`);
  }
  component.children.forEach(walk);
}

walk(frame.renderer.top);
found.cut = [...new Set(found.cut)];
found.cramped = [...new Set(found.cramped)];
return found;
