import type ts from 'typescript';

/**
 * A cache keyed by tree nodes, valid for one analysis of one tree. The engine clears every memo
 * before each run: an incrementally re-parsed tree (the language service's) reuses unchanged nodes
 * under new parents, so an answer about a node's ancestors may not survive an edit.
 */
export class NodeMemo<V> {
  private entries = new WeakMap<ts.Node, V>();

  constructor() {
    memos.push(this);
  }

  get(node: ts.Node): V | undefined {
    return this.entries.get(node);
  }

  set(node: ts.Node, value: V): void {
    this.entries.set(node, value);
  }

  clear(): void {
    this.entries = new WeakMap();
  }
}

const memos: NodeMemo<unknown>[] = [];

/** Called by the engine at the start of each analysis. */
export function clearNodeMemos(): void {
  for (const memo of memos) memo.clear();
}
