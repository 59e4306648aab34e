import { ruleDocsUri } from '../../core/docs-uri.ts';
import type { FindingFamily, Severity } from '../../core/types.ts';
import type { FileReport, Range } from '../report.ts';
import { LineIndex, rangeOf } from '../report.ts';

/** One finding of `--format json`: lines and columns are 1-based, `start`/`end` are offsets into the file. */
export interface JsonFinding extends Range {
  file: string;
  start: number;
  end: number;
  ruleId: string;
  family: FindingFamily;
  severity: Severity;
  message: string;
  helpUri: string | undefined;
  related: (Range & { start: number; end: number; message: string })[];
  fixes: {
    title: string;
    safe: boolean;
    caveat?: string;
    edits: (Range & { start: number; end: number; newText: string })[];
  }[];
}

export function toJsonFindings(reports: readonly FileReport[], documented: ReadonlySet<string>): JsonFinding[] {
  return reports.flatMap((report) => {
    // Most files have no finding; indexing their lines would be a second scan of every byte read.
    if (report.findings.length === 0) return [];
    const index = new LineIndex(report.text);
    return report.findings.map((finding) => ({
      file: report.display,
      ...rangeOf(index, finding.start, finding.end),
      start: finding.start,
      end: finding.end,
      ruleId: finding.ruleId,
      family: finding.family,
      severity: finding.severity,
      message: finding.message,
      helpUri: documented.has(finding.ruleId) ? ruleDocsUri(finding.ruleId) : undefined,
      related: finding.related.map((r) => ({ ...rangeOf(index, r.start, r.end), start: r.start, end: r.end, message: r.message })),
      fixes: finding.fixes.map((fix) => ({
        title: fix.title,
        safe: fix.safe,
        ...(fix.caveat === undefined ? {} : { caveat: fix.caveat }),
        edits: fix.edits.map((e) => ({ ...rangeOf(index, e.start, e.end), start: e.start, end: e.end, newText: e.newText })),
      })),
    }));
  });
}

export function formatJson(reports: readonly FileReport[], documented: ReadonlySet<string>): string {
  return `${JSON.stringify(toJsonFindings(reports, documented), null, 2)}\n`;
}
