import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DOCS_BASE_URI, ruleDocsUri } from '../../core/docs-uri.ts';
import type { FindingFamily, Severity } from '../../core/types.ts';
import type { FileReport } from '../report.ts';
import { LineIndex } from '../report.ts';

/** What SARIF needs to know about a rule; the registry's rules and the engine's meta findings both map to it. */
export interface SarifRule {
  id: string;
  family: FindingFamily;
  defaultSeverity: Severity;
  summary: string;
  why: string;
  fixSafetyNotes: string;
  /** Whether docs/rules/<id>.md exists (meta findings have no page). */
  documented: boolean;
}

export interface SarifRun {
  version: string;
  cwd: string;
  rules: readonly SarifRule[];
  /** Files that could not be read or analyzed: reported as tool notifications. */
  problems: readonly string[];
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { hint: 'note', info: 'note', warning: 'warning', error: 'error' };
/** GitHub caps short and full descriptions at 1024 characters. */
const MAX_DESCRIPTION = 1024;
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every result points into `tool.driver.rules`, carries
 * a full region and a `primaryLocationLineHash` fingerprint that survives lines moving, and only safe
 * fixes become `fixes` (SARIF consumers may apply them without review).
 */
export function formatSarif(reports: readonly FileReport[], run: SarifRun): string {
  const ruleIndex = new Map(run.rules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    const index = new LineIndex(report.text);
    const artifact = artifactLocation(report);
    const region = (start: number, end: number): Sarif.Region => {
      const from = index.position(start);
      const to = index.position(end);
      return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
    };
    const occurrences = new Map<string, number>();
    for (const finding of report.findings) {
      const line = index.position(finding.start).line;
      const lineHash = createHash('sha256').update(index.lineText(report.text, line).replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
      const key = `${finding.ruleId}:${lineHash}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const safeFixes = finding.fixes.filter((fix) => fix.safe);
      const result: Sarif.Result = {
        ruleId: finding.ruleId,
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(finding.start, finding.end) } }],
        partialFingerprints: { primaryLocationLineHash: `${lineHash}:${occurrence}` },
      };
      const rule = ruleIndex.get(finding.ruleId);
      if (rule !== undefined) result.ruleIndex = rule;
      if (finding.related.length > 0) {
        result.relatedLocations = finding.related.map((related, id) => ({
          id,
          message: { text: related.message },
          physicalLocation: { artifactLocation: artifact, region: region(related.start, related.end) },
        }));
      }
      if (safeFixes.length > 0) {
        result.fixes = safeFixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [{
            artifactLocation: artifact,
            replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit.start, edit.end), insertedContent: { text: edit.newText } })),
          }],
        }));
      }
      results.push(result);
    }
  }

  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'perf-hints',
          fullName: 'Perf Hints',
          version: run.version,
          semanticVersion: run.version,
          informationUri: DOCS_BASE_URI.replace(/\/blob\/.*$/, ''),
          rules: run.rules.map(descriptor),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(run.cwd) } },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: run.problems.length === 0,
        workingDirectory: { uri: directoryUri(run.cwd) },
        toolExecutionNotifications: run.problems.map((text) => ({ level: 'error', message: { text } })),
      }],
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: SarifRule): Sarif.ReportingDescriptor {
  const markdown = [`**${rule.summary}**`, '', rule.why, '', '### Fix safety', '', rule.fixSafetyNotes].join('\n');
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: truncate(rule.summary) },
    fullDescription: { text: truncate(rule.why) },
    ...(rule.documented ? { helpUri: ruleDocsUri(rule.id) } : {}),
    help: { text: `${rule.summary}\n\n${rule.why}\n\nFix safety: ${rule.fixSafetyNotes}`, markdown },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: [rule.family], precision: 'high', 'problem.severity': rule.defaultSeverity === 'error' ? 'error' : 'warning' },
  };
}

/** Relative URIs resolve against %SRCROOT% (the working directory); files outside it get absolute file URIs. */
function artifactLocation(report: FileReport): Sarif.ArtifactLocation {
  if (path.isAbsolute(report.display)) return { uri: pathToFileURL(report.file).href };
  return { uri: report.display.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function truncate(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const cut = text.slice(0, MAX_DESCRIPTION - 1);
  const sentence = cut.lastIndexOf('. ');
  return sentence > MAX_DESCRIPTION / 2 ? cut.slice(0, sentence + 1) : `${cut}…`;
}
