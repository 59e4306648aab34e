import ts from './ts-api.ts';
import { skipOuter } from './iteration.ts';

/** The package a declaration belongs to, 'lib' for TypeScript's own lib files, undefined for the program's code. */
export function packageOf(declaration: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return packageName(node.name.text);
  }
  const file = declaration.getSourceFile().fileName.replace(/\\/g, '/');
  if (/\/typescript\/lib\/lib\.[^/]*\.d\.ts$/.test(file)) return 'lib';
  if (/(^|\/)(\.prisma\/client|generated\/prisma|prisma\/generated)\//.test(file)) return '.prisma';
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (!match) return undefined;
  const name = match[1];
  return name.startsWith('@types/') ? packageName(name.slice(7).replace(/^(\w+)__/, '@$1/')) : name;
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const importCache = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** Packages a file imports or requires (top level), cached per parsed file. */
export function importedModules(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let found = importCache.get(sourceFile);
  if (found) return found;
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      names.add(packageName(statement.moduleSpecifier.text));
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer && skipOuter(decl.initializer);
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
          init.arguments.length === 1 && ts.isStringLiteral(init.arguments[0])) {
          names.add(packageName(init.arguments[0].text));
        }
      }
    }
  }
  found = names;
  importCache.set(sourceFile, found);
  return found;
}
