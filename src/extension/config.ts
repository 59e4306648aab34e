import * as vscode from 'vscode';
import { DEFAULTS, SECTION } from './defaults.ts';

export { SECTION };

export type SettingKey = keyof typeof DEFAULTS;

export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): (typeof DEFAULTS)[K] {
  return vscode.workspace.getConfiguration(SECTION, scope).get(key, DEFAULTS[key]);
}

/** Turns one rule off for the whole workspace, keeping the other per-rule entries. */
export async function disableRuleInWorkspace(ruleId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<Record<string, string>>('rules')?.workspaceValue ?? {};
  await config.update('rules', { ...current, [ruleId]: 'off' }, vscode.ConfigurationTarget.Workspace);
}
