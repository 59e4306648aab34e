import type { Rule } from '../types.ts';

/** Every rule, alphabetical by id. Adding a rule means adding it here; nothing is discovered by globbing. */
export const RULES: readonly Rule[] = [];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
