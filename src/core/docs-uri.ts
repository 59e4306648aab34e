/** Where a rule's documentation page lives; the server's `codeDescription` and the CLI's SARIF `helpUri` both point here. */
export const DOCS_BASE_URI = 'https://github.com/perf-hints/perf-hints/blob/main/docs/rules/';

export function ruleDocsUri(ruleId: string): string {
  return `${DOCS_BASE_URI}${encodeURIComponent(ruleId)}.md`;
}
