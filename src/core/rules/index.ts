import type { Rule } from '../types.ts';
import { accumulatingSpread } from './accumulating-spread.ts';
import { asyncForeach } from './async-foreach.ts';
import { intermediateArrayChain } from './intermediate-array-chain.ts';
import { lookupInLoop } from './lookup-in-loop.ts';
import { needlessCopy } from './needless-copy.ts';
import { pairwiseNestedLoop } from './pairwise-nested-loop.ts';
import { promiseAllQueries } from './promise-all-queries.ts';
import { queryInLoop } from './query-in-loop.ts';
import { shiftInLoop } from './shift-in-loop.ts';

/** Every rule, alphabetical by id. Adding a rule means adding it here; nothing is discovered by globbing. */
export const RULES: readonly Rule[] = [
  accumulatingSpread,
  asyncForeach,
  intermediateArrayChain,
  lookupInLoop,
  needlessCopy,
  pairwiseNestedLoop,
  promiseAllQueries,
  queryInLoop,
  shiftInLoop,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
