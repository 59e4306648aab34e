import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../src/core/rules/index.ts';
import { readmeWithRulesTable, renderRuleDoc, ROOT, RULE_DOCS_DIR } from './docs.ts';

fs.mkdirSync(RULE_DOCS_DIR, { recursive: true });
const expected = new Set(RULES.map((rule) => `${rule.id}.md`));
for (const file of fs.readdirSync(RULE_DOCS_DIR)) {
  if (!expected.has(file)) fs.rmSync(path.join(RULE_DOCS_DIR, file));
}
for (const rule of RULES) fs.writeFileSync(path.join(RULE_DOCS_DIR, `${rule.id}.md`), renderRuleDoc(rule));
const readmePath = path.join(ROOT, 'README.md');
fs.writeFileSync(readmePath, readmeWithRulesTable(fs.readFileSync(readmePath, 'utf8')));
console.log(`wrote ${RULES.length} rule pages and the README rules table`);
