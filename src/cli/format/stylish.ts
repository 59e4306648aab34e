import type { Severity } from '../../core/types.ts';
import type { FileReport } from '../report.ts';
import { LineIndex } from '../report.ts';

type Paint = (text: string) => string;

interface Palette {
  underline: Paint;
  dim: Paint;
  bold: Paint;
  severity: Record<Severity, Paint>;
}

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Paint = (text) => text;

const COLORS: Palette = {
  underline: ansi(4, 24),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
  severity: { error: ansi(31, 39), warning: ansi(33, 39), info: ansi(36, 39), hint: ansi(2, 22) },
};
const NO_COLORS: Palette = { underline: plain, dim: plain, bold: plain, severity: { error: plain, warning: plain, info: plain, hint: plain } };

const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];
const NOUN: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'infos'],
  hint: ['hint', 'hints'],
};

const count = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;

/** ESLint's stylish layout: findings grouped under their file, aligned columns, one summary line. */
export function formatStylish(reports: readonly FileReport[], color: boolean, fixFlagUsed: boolean): string {
  const paint = color ? COLORS : NO_COLORS;
  const totals: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  const out: string[] = [];
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    const index = new LineIndex(report.text);
    const rows = report.findings.map((finding) => {
      const { line, column } = index.position(finding.start);
      totals[finding.severity]++;
      if (finding.fixes.some((fix) => fix.safe)) fixable++;
      return { line: String(line), column: String(column), finding };
    });
    const lineWidth = Math.max(...rows.map((r) => r.line.length));
    const columnWidth = Math.max(...rows.map((r) => r.column.length));
    const severityWidth = Math.max(...rows.map((r) => r.finding.severity.length));
    const messageWidth = Math.max(...rows.map((r) => firstLine(r.finding.message).length));
    out.push('', paint.underline(report.display));
    for (const { line, column, finding } of rows) {
      const location = paint.dim(`${line.padStart(lineWidth)}:${column.padEnd(columnWidth)}`);
      const severity = paint.severity[finding.severity](finding.severity.padEnd(severityWidth));
      out.push(`  ${location}  ${severity}  ${firstLine(finding.message).padEnd(messageWidth)}  ${paint.dim(finding.ruleId)}`);
    }
  }
  const total = ORDER.reduce((sum, severity) => sum + totals[severity], 0);
  if (total === 0) return '';
  const parts = ORDER.filter((severity) => totals[severity] > 0 || severity === 'error' || severity === 'warning')
    .map((severity) => count(totals[severity], NOUN[severity]));
  const worst = ORDER.find((severity) => totals[severity] > 0) ?? 'hint';
  out.push('', paint.bold(paint.severity[worst](`✖ ${count(total, ['problem', 'problems'])} (${parts.join(', ')})`)));
  if (fixable > 0 && !fixFlagUsed) {
    out.push(paint.dim(`  ${count(fixable, ['problem has', 'problems have'])} a safe fix: run again with --fix to apply ${fixable === 1 ? 'it' : 'them'}.`));
  }
  return `${out.join('\n')}\n\n`;
}

/** Messages are one line by convention; a stray newline must not break the table. */
function firstLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}
