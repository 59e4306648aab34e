import path from 'node:path';
import type * as Bundle from './bundle.ts';
import type { CodeCache } from './code-cache.ts';
import { openCodeCache } from './code-cache.ts';

/** The launchers sit next to dist/cli-bundle.js; the bundle finds TypeScript from there too. */
export function loadBundle(): { bundle: typeof Bundle; codeCache: CodeCache } {
  const codeCache = openCodeCache(process.env);
  const bundle = codeCache.load(path.join(__dirname, 'cli-bundle.js')) as typeof Bundle;
  return { bundle, codeCache };
}
