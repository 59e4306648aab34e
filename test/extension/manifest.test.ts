import assert from 'node:assert/strict';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../src/core/rules/index.ts';
import { DEFAULTS, SECTION } from '../../src/extension/defaults.ts';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; properties?: Record<string, unknown> }> = manifest.contributes.configuration.properties;
const extensionSource = (fs.readdirSync(path.join(root, 'src/extension'), { recursive: true }) as string[])
  .filter((name) => name.endsWith('.ts'))
  .map((name) => fs.readFileSync(path.join(root, 'src/extension', name), 'utf8'))
  .concat(fs.readFileSync(path.join(root, 'src/server/protocol.ts'), 'utf8'))
  .join('\n');

describe('package.json contributions', () => {
  it('declares exactly the settings of src/extension/defaults.ts, with the same defaults', () => {
    const declared = Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, schema.default]));
    const expected = Object.fromEntries(Object.entries(DEFAULTS).map(([key, value]) => [`${SECTION}.${key}`, value]));
    assert.deepEqual(declared, expected);
  });

  it('offers a severity setting for every rule of the registry, and no other', () => {
    assert.deepEqual(Object.keys(properties['perfHints.rules'].properties ?? {}).sort(), RULES.map((rule) => rule.id).sort());
  });

  it('offers a toggle for every family', () => {
    assert.deepEqual(Object.keys(properties['perfHints.families'].properties ?? {}).sort(), [...new Set(RULES.map((rule) => rule.family))].sort());
  });

  it('contributes only commands the client or the server registers', () => {
    for (const { command } of manifest.contributes.commands as { command: string }[]) {
      assert.ok(extensionSource.includes(`'${command}'`), `${command} is registered somewhere`);
    }
  });

  it('activates on JavaScript and TypeScript only, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.every((event: string) => /^onLanguage:(java|type)script(react)?$/.test(event)), manifest.activationEvents.join());
  });

  it('declares its stance on untrusted and virtual workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
  });
});

describe('bundles', () => {
  const requires = (bundle: string) => [...fs.readFileSync(path.join(root, 'dist', bundle), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);

  it('the extension bundle loads vscode, Node built-ins and esbuild (for benchmarks) only — the analyzer stays in the server', () => {
    const outside = requires('extension.js').filter((id) => id !== 'vscode' && id !== 'esbuild' && !isBuiltin(id));
    assert.deepEqual(outside, []);
  });

  for (const bundle of ['cli.js', 'server.js', 'analysis-worker.js']) {
    it(`${bundle} never loads vscode`, () => assert.ok(!requires(bundle).includes('vscode')));
  }
});
