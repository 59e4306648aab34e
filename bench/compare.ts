/**
 * `npm run bench:compare`: runs the peer rules and our CLI on the corpus, matches findings by file
 * and line (±1), and prints what each peer rule finds that we do not, with the source line, for a
 * human to judge. The full comparison goes to .bench/compare.json.
 * Options: --no-build (use the existing dist/cli.js), --limit N (unmatched lines listed per rule, default 15).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command, Located } from './tools.ts';
import { commands, ESLINT_RULES, OXLINT_RULES, parseEslint, parseOurs, parseOxlint, writeEslintConfig } from './tools.ts';
import { ensureCorpus, ensurePeers, OUR_CLI, ROOT, SCRATCH } from './setup.ts';

const argv = process.argv.slice(2);
const limitFlag = argv.indexOf('--limit');
const LIMIT = limitFlag >= 0 ? Number(argv[limitFlag + 1]) : 15;

function run(command: Command): string {
  const result = spawnSync(command.command, command.args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error || !command.ok.includes(result.status ?? -1)) {
    throw new Error(`${path.basename(command.args[0] ?? command.command)} failed (exit ${result.status}): ${result.error?.message ?? result.stderr.slice(0, 2000)}`);
  }
  return result.stdout;
}

const sources = new Map<string, string[]>();
function sourceLine(file: string, line: number): string {
  let lines = sources.get(file);
  if (!lines) sources.set(file, (lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')));
  const text = (lines[line - 1] ?? '').trim();
  return text.length > 110 ? `${text.slice(0, 107)}…` : text;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

interface PeerRuleComparison {
  tool: string;
  rule: string;
  theirs: number;
  alsoOurs: number;
  byOurRule: Record<string, number>;
  missed: (Located & { source: string })[];
}

async function main(): Promise<void> {
  const corpus = ensureCorpus();
  ensurePeers();
  writeEslintConfig();
  if (!argv.includes('--no-build') && fs.existsSync(path.join(ROOT, 'esbuild.mjs'))) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) console.error('npm run build failed; using dist/cli.js as it is, if present');
  }
  const cmds = commands(corpus.files);
  const eslint = parseEslint(run(cmds.eslint));
  const oxlint = parseOxlint(run(cmds.oxlint));
  const ours = fs.existsSync(OUR_CLI) ? parseOurs(run(cmds.ours)) : undefined;
  for (const [tool, files] of [['ESLint', eslint.files], ['oxlint', oxlint.files]] as const) {
    if (files !== corpus.files.length) console.error(`warning: ${tool} linted ${files} files, the corpus has ${corpus.files.length}`);
  }

  const ourByFile = new Map<string, Located[]>();
  for (const f of ours ?? []) {
    const list = ourByFile.get(f.file) ?? [];
    list.push(f);
    ourByFile.set(f.file, list);
  }
  const matchesOf = (peer: Located): Located[] => (ourByFile.get(peer.file) ?? []).filter((o) => Math.abs(o.line - peer.line) <= 1);

  const peerRules = [
    ...ESLINT_RULES.map((rule) => ({ tool: 'ESLint', rule, findings: eslint.findings.filter((f) => f.rule === rule) })),
    ...OXLINT_RULES.map((rule) => ({ tool: 'oxlint', rule, findings: oxlint.findings.filter((f) => f.rule === rule) })),
  ];
  const comparisons: (PeerRuleComparison & { missedAll: (Located & { source: string })[] })[] = peerRules.map(({ tool, rule, findings }) => {
    const byOurRule: Record<string, number> = {};
    const missedAll: (Located & { source: string })[] = [];
    for (const peer of findings) {
      const matched = matchesOf(peer);
      if (matched.length === 0) missedAll.push({ ...peer, source: sourceLine(peer.file, peer.line) });
      for (const ruleId of new Set(matched.map((m) => m.rule))) byOurRule[ruleId] = (byOurRule[ruleId] ?? 0) + 1;
    }
    return { tool, rule, theirs: findings.length, alsoOurs: findings.length - missedAll.length, byOurRule, missed: missedAll.slice(0, LIMIT), missedAll };
  });

  const allPeer = [...eslint.findings, ...oxlint.findings];
  const oursOnly = (ours ?? []).filter((o) => !allPeer.some((p) => p.file === o.file && Math.abs(p.line - o.line) <= 1));

  console.log(`Peer comparison on ${corpus.files.length} files (${corpus.lines.toLocaleString('en-US')} lines) of ${Object.entries(corpus.versions).map(([n, v]) => `${n}@${v}`).join(', ')} lib/`);
  console.log('A peer finding counts as ours when we report anything within ±1 line in the same file.\n');
  for (const c of comparisons) {
    const with_ = Object.entries(c.byOurRule).map(([r, n]) => `${r} ${n}`).join(', ');
    console.log(`${c.tool} ${c.rule}: ${c.theirs} — we also report ${ours ? c.alsoOurs : '?'}${with_ ? ` (${with_})` : ''}`);
    for (const m of c.missed) console.log(`    not ours  ${m.file}:${m.line}  ${m.source}`);
    if (c.missedAll.length > c.missed.length) console.log(`    … and ${c.missedAll.length - c.missed.length} more in .bench/compare.json`);
  }
  console.log('');
  if (ours) {
    const perRule = countBy(ours, (f) => f.rule);
    const onlyPerRule = countBy(oursOnly, (f) => f.rule);
    console.log(`perf-hints: ${ours.length} findings`);
    for (const [rule, n] of Object.entries(perRule).sort((a, b) => b[1] - a[1])) {
      console.log(`    ${rule.padEnd(26)} ${String(n).padStart(5)}   (${onlyPerRule[rule] ?? 0} no peer reports)`);
    }
  } else {
    console.log('perf-hints: not available (dist/cli.js missing)');
  }

  const report = {
    corpus: { files: corpus.files.length, lines: corpus.lines, versions: corpus.versions },
    peerRules: comparisons.map((c) => ({ tool: c.tool, rule: c.rule, theirs: c.theirs, alsoOurs: c.alsoOurs, byOurRule: c.byOurRule, missed: c.missedAll })),
    ours: ours ?? null,
    oursOnly,
    peers: { eslint: eslint.findings, oxlint: oxlint.findings },
  };
  fs.mkdirSync(SCRATCH, { recursive: true });
  fs.writeFileSync(path.join(SCRATCH, 'compare.json'), JSON.stringify(report, null, 2));
  console.log('\nfull comparison: .bench/compare.json');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
