import ts from './ts-api.ts';
import { contains } from './bindings.ts';
import type { Iteration } from './iteration.ts';

/**
 * The declaration that binds `name` afresh on each turn of `iteration`: a parameter of the callback, or the variable of
 * a `for…of` / `for…in`, at any depth of a destructuring pattern (`({ onChunks }) => …`, `for (const [, { list }] of …)`).
 * A `for (;;)` initializer runs once and binds nothing per turn.
 */
export function turnBinding(iteration: Iteration, name: string): ts.Node | undefined {
  const loop = iteration.node;
  let names: ts.BindingName[] = [];
  if (iteration.kind === 'callback') {
    const fn = iteration.body;
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) names = fn.parameters.map((p) => p.name);
  } else if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isVariableDeclarationList(loop.initializer)) {
    names = loop.initializer.declarations.map((d) => d.name);
  }
  for (const bindingName of names) {
    const found = bindingNamed(bindingName, name);
    if (found) return found;
  }
  return undefined;
}

function bindingNamed(bindingName: ts.BindingName, name: string): ts.Node | undefined {
  if (ts.isIdentifier(bindingName)) return bindingName.text === name ? bindingName.parent : undefined;
  for (const element of bindingName.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = bindingNamed(element.name, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether `name`, whose declaration as resolved is `declaration`, is bound from the element of `iteration`'s turn.
 * Without a checker a destructured name resolves to nothing, or to an outer namesake, while the turn's binding is
 * nearer and shadows it; a declaration inside the loop is nearer still.
 */
export function isElementBinding(name: string, declaration: ts.Node | undefined, iteration: Iteration): boolean {
  const binding = turnBinding(iteration, name);
  return binding !== undefined && (!declaration || declaration === binding || !contains(iteration.node, declaration));
}

/** Whether `name` holds a value made afresh on each turn of `iteration`: declared in the part that repeats, or bound from its element. */
export function isPerTurn(name: string, declaration: ts.Node | undefined, iteration: Iteration): boolean {
  return (declaration !== undefined && contains(iteration.body, declaration)) || isElementBinding(name, declaration, iteration);
}
