import type { Finding } from '../core/types.ts';

/** What the formatters receive for each analyzed file. */
export interface FileReport {
  /** Absolute path. */
  file: string;
  /** Relative to the working directory with `/` separators when inside it, else absolute. */
  display: string;
  text: string;
  findings: Finding[];
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the offsets (what editors and ESLint count). */
  column: number;
}

/** Offsets to 1-based lines and columns; line breaks as ECMAScript defines them. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (ch === 10 || ch === 0x2028 || ch === 0x2029) {
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(text: string, line: number): string {
    const start = this.starts[line - 1] ?? text.length;
    const end = this.starts[line] ?? text.length;
    return text.slice(start, end).replace(/(\r\n|[\r\n\u2028\u2029])$/, '');
  }
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function rangeOf(index: LineIndex, start: number, end: number): Range {
  const from = index.position(start);
  const to = index.position(end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
