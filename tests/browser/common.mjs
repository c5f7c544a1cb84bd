// What check.mjs and check_in.mjs share: reading `--name value` options,
// axe-core's source, and starting headless Chromium the same way.

import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** axe-core, to inject into a page with `addScriptTag`. */
export const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Takes `--name value` out of `args`; `fallback` when it is not there. */
export function option(args, name, fallback) {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}

/** Headless Chromium at `executablePath`, with nothing reaching the network. */
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
