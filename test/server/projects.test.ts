import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import type { OpenDocument } from '../../src/server/projects.ts';
import { normalizeFileName, ProjectService } from '../../src/server/projects.ts';

const root = normalizeFileName(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-projects-'))));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = path.posix.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2023'], noEmit: true } }));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

function service(maxProjects?: number) {
  const open = new Map<string, OpenDocument>();
  const projects = new ProjectService({ openDocument: (f) => open.get(f), maxProjects });
  return { open, projects };
}

const typeOfLast = (projects: ProjectService, fileName: string) => {
  const typed = projects.typedFile(fileName)!;
  const last = typed.sourceFile.statements.at(-1) as ts.ExpressionStatement;
  return typed.checker.typeToString(typed.checker.getTypeAtLocation(last.expression));
};

describe('ProjectService', () => {
  it('types a file through its imports, read from disk', () => {
    const dir = project('imports', { 'a.ts': 'export const ids = new Set<string>();\n', 'b.ts': "import { ids } from './a';\nids;\n" });
    const { projects } = service();
    assert.equal(projects.projectKeyOf(`${dir}/b.ts`), `${dir}/tsconfig.json`);
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), 'Set<string>');
  });

  it('serves open documents from memory, by version, and sees edits in imported files', () => {
    const dir = project('memory', { 'a.ts': 'export const ids = new Set<string>();\n', 'b.ts': "import { ids } from './a';\nids;\n" });
    const { open, projects } = service();
    assert.equal(projects.isCold(`${dir}/b.ts`), true);
    open.set(`${dir}/a.ts`, { version: 1, text: 'export const ids = new Map<string, number>();\n' });
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), 'Map<string, number>');
    assert.equal(projects.isCold(`${dir}/b.ts`), false);
    open.set(`${dir}/a.ts`, { version: 2, text: 'export const ids: string[] = [];\n' });
    projects.documentChanged();
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), 'string[]');
  });

  it('re-reads a file after a change on disk is reported', () => {
    const dir = project('disk', { 'a.ts': 'export const n = 1;\n', 'b.ts': "import { n } from './a';\nn;\n" });
    const { projects } = service();
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), '1');
    fs.writeFileSync(path.join(dir, 'a.ts'), "export const n = 'x';\n");
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), '1', 'cached until told');
    projects.fileChangedOnDisk(`${dir}/a.ts`, 'changed');
    assert.equal(typeOfLast(projects, `${dir}/b.ts`), '"x"');
  });

  it('puts loose files in an inferred project', () => {
    const dir = path.posix.join(root, 'loose');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'x.js'), 'const list = [1, 2];\nlist;\n');
    const { projects } = service();
    assert.equal(projects.projectKeyOf(`${dir}/x.js`), '<inferred>');
    assert.equal(typeOfLast(projects, `${dir}/x.js`), 'number[]');
  });

  it('keeps at most maxProjects language services, dropping the least recently used', () => {
    const { projects } = service(2);
    const files = ['p1', 'p2', 'p3'].map((name) => `${project(name, { 'a.ts': 'export {};\n' })}/a.ts`);
    projects.typedFile(files[0]);
    projects.typedFile(files[1]);
    projects.typedFile(files[0]);
    projects.typedFile(files[2]);
    assert.deepEqual(projects.liveProjects, [files[0], files[2]].map((f) => f.replace('a.ts', 'tsconfig.json')));
    assert.equal(projects.isCold(files[1]), true);
  });

  it('analyzes an overlay text and restores the document afterwards', () => {
    const dir = project('overlay', { 'a.ts': 'export const n = 1;\nn;\n' });
    const { projects } = service();
    const fileName = `${dir}/a.ts`;
    assert.equal(typeOfLast(projects, fileName), '1');
    assert.equal(projects.withOverlay(fileName, "export const n = 'o';\nn;\n", () => typeOfLast(projects, fileName)), '"o"');
    assert.equal(typeOfLast(projects, fileName), '1');
  });
});
