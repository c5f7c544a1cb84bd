// Drives the check-in forms of a running `goalpost serve --allow-edits` in
// headless Chromium: measures the form at phone and desktop widths (nothing
// past the right edge, tap targets, axe-core on the form), then clicks
// "Done" on one page while a second tab shows another page of the same
// practice, and waits for both to show the entry: the first through the
// form's redirect, the second through live reload. Prints one JSON
// document on stdout.
//
//   node check_in.mjs BASE_URL PAGE OTHER_PAGE FORM_ID [--chromium PATH] [--screenshots DIR]

import path from "node:path";
import { axeSource, launch, option } from "./common.mjs";

const args = process.argv.slice(2);
const executablePath = option(args, "--chromium", "/usr/bin/chromium");
const screenshots = option(args, "--screenshots", null);
const [base, page, other, formId] = args;

const browser = await launch(executablePath);

/** The form's layout: what spills past the viewport, and small targets. */
function measureForm(id) {
  const form = document.getElementById(id);
  if (!form) return { found: false };
  const width = document.documentElement.clientWidth;
  const wide = [];
  const small = [];
  for (const el of [form, ...form.querySelectorAll("*")]) {
    const r = el.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > width + 1 || r.left < -1) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    if ((el.tagName === "BUTTON" || el.tagName === "INPUT") && r.height < 24) {
      small.push(`${el.tagName.toLowerCase()}[name=${el.name}] ${Math.round(r.height)} px high`);
    }
  }
  return {
    found: true,
    scroll_width: document.documentElement.scrollWidth,
    client_width: width,
    wide,
    small,
    status: form.querySelector(".check-in-status")?.textContent ?? "",
  };
}

const out = { layout: [], clicked: null };
const errors = [];
try {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const tab = await context.newPage();
    tab.on("pageerror", (e) => errors.push(`${width} px: ${e.message}`));
    await tab.goto(base + page, { waitUntil: "load" });
    const m = await tab.evaluate(measureForm, formId);
    await tab.addScriptTag({ content: axeSource });
    const axe = await tab.evaluate(async (id) => {
      const r = await window.axe.run(document.getElementById(id) ?? document);
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    }, formId);
    if (screenshots) {
      await tab.locator("#" + formId).scrollIntoViewIfNeeded();
      await tab.screenshot({ path: path.join(screenshots, `check-in-${width}.png`) });
    }
    out.layout.push({ width, ...m, axe });
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const watching = await context.newPage();
  await watching.goto(base + other, { waitUntil: "load" });
  const watchedBefore = await watching.locator(`#${formId} .check-in-status`).textContent();
  // Count loads of the second tab: it must reload by itself.
  let reloads = 0;
  watching.on("load", () => reloads++);

  const tab = await context.newPage();
  await tab.goto(base + page, { waitUntil: "load" });
  const before = await tab.locator(`#${formId} .check-in-status`).textContent();
  await Promise.all([
    tab.waitForURL((u) => u.pathname === page && u.hash === "#" + formId, { timeout: 10000 }),
    tab.locator(`#${formId} button[value=done]`).click(),
  ]);
  await tab.waitForFunction(
    ([id, text]) => document.querySelector(`#${id} .check-in-status`)?.textContent !== text,
    [formId, before],
    { timeout: 10000 },
  );
  const after = await tab.locator(`#${formId} .check-in-status`).textContent();
  await watching.waitForFunction(
    ([id, text]) => document.querySelector(`#${id} .check-in-status`)?.textContent !== text,
    [formId, watchedBefore],
    { timeout: 10000 },
  );
  const watchedAfter = await watching.locator(`#${formId} .check-in-status`).textContent();
  if (screenshots) {
    await tab.screenshot({ path: path.join(screenshots, "check-in-after.png") });
  }
  out.clicked = {
    before,
    after,
    url: tab.url(),
    watched_before: watchedBefore,
    watched_after: watchedAfter,
    watched_reloads: reloads,
  };
  await context.close();
} catch (e) {
  errors.push(String(e));
}
out.errors = errors;
await browser.close();
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
