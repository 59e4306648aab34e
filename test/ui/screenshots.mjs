// UI test: uses Perf Hints in a real VS Code the way a person does, on a copy of examples/, and
// saves what it saw to media/screenshots/ (the README's images) once every step has passed. Exits
// non-zero as soon as something it expects is not on screen.
//
//   npm run test:ui        (after `npm run build`)
//
// What to expect comes from the CLI on the same files: the first finding with a safe fix is
// hovered, fixed through Ctrl+., and "Analyze Workspace" must then report the CLI's count minus one.
// Then a function is benchmarked from its "▶ Benchmark" CodeLens, and its timing hovered.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, workbenchUrl } from '../../scripts/vscode/browser.mjs';
import { EXAMPLES_SETTINGS, exitOnSignals, makeRunDir, startCodeServer } from '../../scripts/vscode/code-server.mjs';
import { linkWorkingTree } from '../../scripts/vscode/extension.mjs';
import { ensureInstalled, ROOT } from '../../scripts/vscode/install.mjs';
import { Workbench } from './workbench.mjs';

const SHOTS = path.join(ROOT, 'media', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
// The function to benchmark. Its JSDoc types `skus` as string[], so the lens can generate inputs;
// the functions of category-tree.ts take a recursive type, for which it cannot.
const BENCH_FILE = 'src/utils/dedupe.js';
const BENCH_FUNCTION = 'uniqueSkus';
/** `⏱ 1.24 µs/op ±0.8% · 806k ops/s`, as the lens and the inline timing both write it. */
const SUMMARY = /^⏱ (≲ )?\d[\d.]* (ns|µs|ms|s)\/op ±\d+\.\d% · [\d.,]+[kMG]? ops\/s$/;

function cliFindings(folder) {
  const json = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '.', '--format', 'json'], { cwd: folder, encoding: 'utf8' });
  return JSON.parse(json);
}

/** The file as the CLI says it reads after `fix`: its edits applied back to front. */
function fixedText(text, fix) {
  return [...fix.edits].sort((a, b) => b.start - a.start).reduce((out, edit) => out.slice(0, edit.start) + edit.newText + out.slice(edit.end), text);
}

function step(message) {
  console.log(`[ui] ${message}`);
}

/** Saves the page as `name` in `shots`. */
function shooter(page, shots) {
  return async (name) => {
    await page.screenshot({ path: path.join(shots, name), animations: 'disabled' });
    step(`took ${name}`);
  };
}

async function scenario(workbench, page, folder, findings, shot) {
  const target = findings.find((finding) => finding.fixes.some((fix) => fix.safe));
  if (!target) throw new Error('The CLI finds no finding with a safe fix in examples/: nothing to show.');
  const fix = target.fixes.find((candidate) => candidate.safe);
  const sameFile = findings.filter((finding) => finding.file === target.file);
  const before = fs.readFileSync(path.join(folder, target.file), 'utf8');

  step(`open ${target.file} with Quick Open`);
  await workbench.openFile(target.file);
  const status = page.locator('.statusbar-item[id$="perfHints.findings"]');
  await workbench.until('the status bar count of the file', () => status.innerText(), (text) => text.trim() === String(sameFile.length));

  step(`hover the ${target.ruleId} squiggle at ${target.line}:${target.column}`);
  await workbench.goTo(target.line, target.column);
  const squiggle = await workbench.squiggleAtCursor(target.severity);
  const hoverText = await workbench.hoverUntil(squiggle, target.ruleId, (text) => !/loading\.\.\./i.test(text) && /Quick Fix/.test(text), 'a complete hover offering the quick fix');
  if (!hoverText.includes(target.message.slice(0, 40))) throw new Error(`The hover does not show the finding's message:\n${hoverText}`);
  await shot('hover.png');
  await workbench.dismiss();

  step(`Ctrl+. offers "${fix.title}"`);
  const entry = await workbench.quickFixMenu(fix.title);
  await shot('quick-fix.png');
  await workbench.pick(entry);
  await workbench.save();
  const expected = fixedText(before, fix);
  await workbench.until('the fixed text on disk', () => fs.readFileSync(path.join(folder, target.file), 'utf8'), (text) => text === expected);
  step('the fix rewrote the code exactly as the CLI would');

  const rows = await workbench.problems();
  const texts = () => rows.allInnerTexts();
  // A row names its rule on a line of its own. Hints are not listed in the Problems panel.
  const rowsOf = (all, ruleId) => all.filter((row) => row.split('\n').includes(ruleId)).length;
  const remaining = sameFile.filter((finding) => finding !== target && finding.severity !== 'hint');
  const expectedRows = (ruleId) => remaining.filter((finding) => finding.ruleId === ruleId).length;
  await workbench.until(`${target.ruleId} to leave the Problems panel while the file's other findings stay`, texts,
    (all) => [target, ...remaining].every((finding) => rowsOf(all, finding.ruleId) === expectedRows(finding.ruleId)));
  await workbench.until('the status bar count to drop by one', () => status.innerText(), (text) => text.trim() === String(sameFile.length - 1));
  await shot('fixed.png');

  step('Perf Hints: Analyze Workspace fills the Problems panel');
  await workbench.runCommand('Perf Hints: Analyze Workspace');
  const summary = new RegExp(`Perf Hints: ${findings.length - 1} findings? in \\d+ files?`);
  const toast = (text) => page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  await toast(summary).waitFor({ timeout: 60_000 });
  await toast('analyzing workspace').waitFor({ state: 'detached', timeout: 30_000 });
  await workbench.runCommand('View: Toggle Maximized Panel');
  // With the built-in checker off, every problem is a Perf Hints finding; hints are not counted.
  const listedCount = findings.filter((finding) => finding.severity !== 'hint').length - (target.severity === 'hint' ? 0 : 1);
  const badge = page.locator('.part.panel .composite-bar .action-item', { hasText: /problems/i }).locator('.badge-content');
  await workbench.until(`the Problems badge to count ${listedCount}`, () => badge.innerText(), (text) => text.trim() === String(listedCount));
  await shot('problems.png');
}

async function benchmark(workbench, shot) {
  step('Ctrl+J hides the panel');
  await workbench.hidePanel();
  step(`open ${BENCH_FILE}: a ▶ Benchmark lens above ${BENCH_FUNCTION}`);
  await workbench.openFile(BENCH_FILE);
  const signature = workbench.editorLine(new RegExp(`function\\s+${BENCH_FUNCTION}\\(`));
  const lens = await workbench.until(`the ▶ Benchmark lens above ${BENCH_FUNCTION}`, () => workbench.codeLensAbove(signature), (found) => found?.text === '▶ Benchmark');

  step('click it; the timing shows in the lens and after the signature');
  const started = Date.now();
  await workbench.click(lens.box);
  const seen = () => Promise.all([workbench.codeLensAbove(signature), workbench.textsAfterLine(signature)]);
  const [, [timing]] = await workbench.until(`the lens and the inline timing of ${BENCH_FUNCTION} to show the same ⏱ summary`, seen,
    ([after, drawn]) => drawn.length === 1 && SUMMARY.test(drawn[0].text) && after?.text === `▶ Benchmark · ${drawn[0].text}`);
  step(`${timing.text} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
  // The mouse still rests on the lens, whose tooltip would cover the code.
  await workbench.dismiss();
  await shot('benchmark.png');

  step('hover the timing: the table of statistics');
  const hover = await (await workbench.hover(timing.box, `Benchmark of ${BENCH_FUNCTION}`)).innerText();
  const missing = ['mean', 'p50', 'p75', 'p99', 'samples', 'ops/s'].filter((row) => !new RegExp(`(^|\\t)${row}\\t`, 'm').test(hover));
  if (missing.length > 0) throw new Error(`The timing's hover has no row for ${missing.join(', ')}:\n${hover}`);
  await shot('benchmark-hover.png');
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first.');
  ensureInstalled();
  const runDir = makeRunDir('perf-hints-ui-');
  const folder = path.join(runDir, 'examples');
  fs.cpSync(path.join(ROOT, 'examples'), folder, { recursive: true });
  const findings = cliFindings(folder);
  const extensionsDir = path.join(runDir, 'extensions');
  linkWorkingTree(extensionsDir);
  const shots = path.join(runDir, 'screenshots');
  fs.mkdirSync(shots);

  const server = await startCodeServer({ runDir, workspace: folder, extensionsDir, settings: EXAMPLES_SETTINGS });
  const browser = await launchBrowser();
  let failed = false;
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(workbenchUrl(server, folder));
    const workbench = new Workbench(page);
    await workbench.ready();
    try {
      const shot = shooter(page, shots);
      await scenario(workbench, page, folder, findings, shot);
      await benchmark(workbench, shot);
    } catch (error) {
      failed = true;
      await page.screenshot({ path: path.join(runDir, 'failure.png') });
      console.error(`[ui] FAILED: ${error.message}\n[ui] what was on screen: ${path.join(runDir, 'failure.png')}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  if (failed) return 1;
  const names = fs.readdirSync(shots);
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const name of names) fs.copyFileSync(path.join(shots, name), path.join(SHOTS, name));
  fs.rmSync(runDir, { recursive: true, force: true });
  console.log(`[ui] passed; saved ${names.map((name) => `${path.relative(ROOT, SHOTS)}/${name}`).join(', ')}`);
  return 0;
}

exitOnSignals();
main().then((code) => process.exit(code), (error) => {
  console.error(`[ui] ${error.stack ?? error}`);
  process.exit(1);
});
