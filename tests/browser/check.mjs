// Opens pages of a built report in headless Chromium and measures what a
// reader would notice: sideways scrolling on a phone, content cut off by
// a box that hides its overflow, table cells whose content spills out, a
// day grid without today's column or opened away from it, accessibility
// problems (axe-core), and content wider than a Letter page when printed. Prints one JSON document on stdout.
//
//   node check.mjs SITE_DIR PAGE... [--chromium PATH] [--widths 390,1280]
//
// PAGE is a path inside SITE_DIR (`index.html`, `goals/x.html`); each is
// measured at every width of `--widths` (screen pixels) and printed.

import { pathToFileURL } from "node:url";
import path from "node:path";
import { axeSource, launch, option } from "./common.mjs";

const args = process.argv.slice(2);
const executablePath = option(args, "--chromium", "/usr/bin/chromium");
const WIDTHS = option(args, "--widths", "390,1280").split(",").map(Number);
const [site, ...pages] = args;

// Letter is 8.5 in wide; goalpost's print style leaves 0.5 in margins:
// 7.5 in at 96 px per inch.
const LETTER_CONTENT_PX = 7.5 * 96;

const browser = await launch(executablePath);

/** What spills sideways: the page itself, content cut off by a box that
 *  hides what overflows it, and table cells. */
function measure() {
  const doc = document.documentElement;
  const name = (el) => {
    const cls = el.getAttribute("class");
    return `${el.tagName.toLowerCase()}${cls ? "." + cls.split(" ").join(".") : ""}`;
  };
  const wide = [];
  const clipped = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(el).position === "fixed") continue;
    // Inside a box that scrolls sideways on purpose, the box is what
    // counts. A box that hides what overflows it is no scroller: what
    // sticks out of it is cut off, and a reader never sees it. Only a
    // box of text for screen readers (1 px, hidden on purpose) and text
    // cut short with an ellipsis (it says so) hide content on purpose.
    let box = el.parentElement;
    let inside = false;
    while (box && box !== document.body) {
      const style = getComputedStyle(box);
      const o = style.overflowX;
      if (o === "auto" || o === "scroll") {
        inside = true;
        break;
      }
      if (o === "hidden" || o === "clip") {
        inside = true;
        const b = box.getBoundingClientRect();
        const onPurpose = b.width <= 1 || b.height <= 1 || style.textOverflow === "ellipsis";
        if (!onPurpose && (r.right > b.right + 1 || r.left < b.left - 1)) {
          clipped.push(`${name(el)} (${Math.round(r.left)}-${Math.round(r.right)} px) is cut off by ${name(box)} (${Math.round(b.left)}-${Math.round(b.right)} px)`);
        }
        break;
      }
      box = box.parentElement;
    }
    if (!inside && r.right > doc.clientWidth + 1) {
      wide.push(`${name(el)} ends at ${Math.round(r.right)} px`);
    }
  }
  const spilling = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).overflowX === "visible") {
      spilling.push(`${cell.tagName.toLowerCase()} "${cell.textContent.trim().slice(0, 40)}" needs ${cell.scrollWidth} px, has ${cell.clientWidth}`);
    }
  }
  // A grid that scrolls sideways must open with today in view, and have
  // a column for today to open at.
  const todayHidden = [];
  const noToday = [];
  const grids = document.querySelectorAll(".grid-scroll");
  for (const box of grids) {
    const today = box.querySelector("th.today");
    if (!today) {
      noToday.push(`${box.getAttribute("aria-label")}: no th.today`);
      continue;
    }
    const b = box.getBoundingClientRect();
    const t = today.getBoundingClientRect();
    if (t.left < b.left - 1 || t.right > b.right + 1) {
      todayHidden.push(`${box.getAttribute("aria-label")}: today at ${Math.round(t.left)}-${Math.round(t.right)} px, box ${Math.round(b.left)}-${Math.round(b.right)} px`);
    }
  }
  return {
    grids: grids.length,
    today_hidden: todayHidden,
    no_today: noToday,
    clipped: clipped.slice(0, 10),
    scroll_width: doc.scrollWidth,
    client_width: doc.clientWidth,
    wide: wide.slice(0, 10),
    spilling_cells: spilling.slice(0, 10),
  };
}

/** Points at a done or missed cell of the page's first grid and says where
 *  its words show: they must be readable and on top, inside the grid's box. */
async function hoverCell(tab) {
  const cell = await tab.$(".grid-scroll td.cell.hit, .grid-scroll td.cell.miss");
  if (!cell) return null;
  await cell.hover();
  return cell.evaluate((td) => {
    const words = td.querySelector(".sr");
    const r = words.getBoundingClientRect();
    const box = td.closest(".grid-scroll").getBoundingClientRect();
    // The words let the pointer through; to find what is on top, they
    // must not.
    words.style.pointerEvents = "auto";
    const onTop = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return {
      words: words.textContent,
      width: r.width,
      height: r.height,
      inside: r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.left >= box.left - 1 && r.right <= box.right + 1,
      on_top: words.contains(onTop),
    };
  });
}

const results = [];
for (const page of pages) {
  const url = pathToFileURL(path.resolve(site, page)).href;
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const tab = await context.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(String(e)));
    tab.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    await tab.goto(url, { waitUntil: "load" });
    const layout = await tab.evaluate(measure);
    await tab.addScriptTag({ content: axeSource });
    const axe = await tab.evaluate(async () => {
      // No preload: axe would fetch the style sheets again, which file://
      // pages refuse.
      const r = await window.axe.run(document, { resultTypes: ["violations"], preload: false });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      }));
    });
    const hover = await hoverCell(tab);
    results.push({ page, width, media: "screen", ...layout, axe, errors, hover });
    await context.close();
  }
  // Print: the page laid out at a Letter page's content width.
  const context = await browser.newContext({ viewport: { width: LETTER_CONTENT_PX, height: 1000 } });
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: "load" });
  await tab.emulateMedia({ media: "print" });
  const layout = await tab.evaluate(measure);
  const pdf = await tab.pdf({ format: "Letter", printBackground: true, preferCSSPageSize: true });
  const pdfPages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  results.push({ page, width: LETTER_CONTENT_PX, media: "print", ...layout, axe: [], errors: [], pdf_pages: pdfPages });
  await context.close();
}
await browser.close();
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
