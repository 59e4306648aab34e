import type { PeerCase } from './peer-table.ts';
import { peerTable } from './peer-table.ts';

/**
 * sindresorhus/eslint-plugin-unicorn test/no-useless-spread.js (the version whose "Cloning an immediate array" block
 * treats `[...foo.map(bar)]` as valid because `foo` may be an iterator), verbatim; `outdent` blocks are dedented.
 * Rules docs: docs/rules/no-useless-spread.md. Our rule for the pattern is needless-copy: it reports copies that cost
 * O(n) for nothing, not every spread that is merely redundant syntax.
 */
const source = 'unicorn test/no-useless-spread.js';
const NC = 'needless-copy';

const LIST_STYLE = 'a literal spread among other elements, into arguments or into an object literal (`[a, ...[b]]`, ' +
  '`foo(...[a])`, `{...{a}}`) only inlines a literal of constant size: a style fix with no O(n) copy to save';
const FOR_AWAIT = '`for await` lets other code run between turns, so copying a shared collection first can be what keeps ' +
  'the loop stable; an object with both iterators would also switch from its sync to its async one';
const YIELD = '`yield*` hands control to the consumer between elements, so the copy snapshots the source against ' +
  'changes made meanwhile; delegating to the iterable also forwards `return()`/`throw()`, which the array copy does not';
const NEW_ARRAY = '`[...new Array(n)]` is the idiom that turns n holes into `undefined`s so that `map` and `forEach` ' +
  'visit them: the spread changes the value';
const COPY_WITHIN = '`copyWithin` returns its receiver, not a new array: the spread is a real copy that keeps `foo` and ' +
  'the result apart';
const untyped = (method: string, other: string) => `an untyped \`foo\` may be ${other}, whose \`${method}\` result the ` +
  'spread converts into a plain array; typed as an array (see the variant) it is reported';
const STRING_OR_TYPED = 'a string (`[...s.slice(1)]` is an array of characters) or a typed array';
const TYPED_ARRAY = 'a typed array';
const IMMUTABLE = 'an Immutable.js `List`';
const ITERATOR_TYPED = 'typed as an array, `foo.map(bar)` (`filter`, `flatMap`) is a fresh array and the spread copies ' +
  'it again; unicorn is quiet only because an untyped `foo` may be an iterator';

const ITERABLE = 'declare const iterable: Iterable<[object, bigint]>;\ndeclare const byteOffset: number, length: number, args: [];\n';
const ARRAYS = 'declare const foo: number[], bar: number[];\n';

const report = (code: string, extra: Partial<PeerCase> = {}): PeerCase => ({ source, code, expect: [NC], ...extra });
const quiet = (code: string, extra: Partial<PeerCase> = {}): PeerCase => ({ source, code, expect: [], ...extra });
const style = (code: string): PeerCase => quiet(code, { differs: LIST_STYLE });
const typed = (decl: string, code: string, expect: string[], differs?: string): PeerCase['variant'] =>
  ({ note: 'typed', code: `${decl}${code}`, expect, ...(differs ? { differs } : {}) });
/** An "iterable to array" case: unknown in JavaScript (unsafe fix), a typed `Iterable` in the variant (safe fix). */
const iterable = (code: string): PeerCase => report(code, { variant: typed(ITERABLE, code, [NC]) });
/** A copy of an array method's result; `differs` when an untyped receiver may not be an array. */
const method = (code: string, differs?: string): PeerCase => ({
  ...(differs ? quiet(code, { differs }) : report(code)),
  variant: typed(code.includes('split') ? 'declare const foo: string;\n' : ARRAYS, code, [NC]),
});

peerTable({
  peer: 'unicorn no-useless-spread',
  rule: NC,
  invalid: [
    // Spread in list
    report('const array = [...[a]]'),
    style('const object = {...{a}}'),
    style('foo(...[a])'),
    style('new Foo(...[a])'),
    report('const array = [...[a,]]'),
    style('const object = {...{a,}}'),
    style('foo(...[a,])'),
    style('new Foo(...[a,])'),
    report('const array = [...[a,],]'),
    style('const object = {...{a,},}'),
    style('foo(...[a,],)'),
    style('new Foo(...[a,],)'),
    report('const array = [...(( [a] ))]'),
    style('const object = {...(( {a} ))}'),
    style('foo(...(( [a] )))'),
    style('new Foo(...(( [a] )))'),
    report('const array = [...[]]'),
    style('const object = {...{}}'),
    style('foo(...[])'),
    style('new Foo(...[])'),
    report('const array = [...[,]]'),
    style('foo(...[,])'),
    style('new Foo(...[,])'),
    report('const array = [...[,,]]'),
    style('foo(...[,,])'),
    style('new Foo(...[,,])'),
    report('const array = [...[a, , b,]]'),
    style('foo(...[a, , b,])'),
    style('new Foo(...[a, , b,])'),
    report('const array = [...[a, , b,],]'),
    style('foo(...[a, , b,],)'),
    style('new Foo(...[a, , b,],)'),
    style('foo(...[,, ,(( a )), ,,(0, b), ,,])'),
    style('const array = [a, ...[a, b]]'),
    style('const object = {a, ...{a, b}}'),
    style('foo(a, ...[a, b])'),
    style('new Foo(a, ...[a, b])'),
    style('const array = [...[a, b], b,]'),
    style('const object = {...{a, b}, b,}'),
    style('foo(...[a, b], b,)'),
    style('new Foo(...[a, b], b,)'),
    style('const array = [a, ...[a, b], b,]'),
    style('const object = {a, ...{a, b}, b,}'),
    style('foo(a, ...[a, b], b,)'),
    style('new Foo(a, ...[a, b], b,)'),
    style('const array = [a, ...[], b]'),
    style('const array = [a, ...(( [] )),]'),
    style('const array = [a, ...(( [] ))]'),
    style('const array = [a, ...[b], c]'),
    style('const object = {a, ...(({})), b,}'),
    style('({a:1, ...{a: 2}})'),
    style('({...{a:1}, ...{a: 2}})'),
    style('({\n\tget a() {},\n\tset a(v) {},\n\t...{\n\t\tget a() {}\n\t}\n})'),
    style('({[a]:1, ...{[a]: 2}})'),
    style('const object = {\n\ta: 1,\n\n\t...{\n\t\ttestKeys() {\n\t\t\tconsole.assert(Object.keys(this).length === 2)\n\t\t}\n\t}\n}\nobject.testKeys();'),
    // Of its six redundant spreads we report `[...[a, b]]`, the one whole-array copy; the rest are LIST_STYLE.
    report('new Foo(\n\tfoo(\n\t\ta,\n\t\t...[a, b],\n\t\tb,\n\t),\n\t...[\n\t\ta,\n\t\t...[\n\t\t\ta,\n\t\t\tb,\n\t\t],\n\t\tb,\n\t],\n\t{\n\t\ta: [...[a, b]],\n\t\t...{\n\t\t\ta,\n\t\t\tb,\n\t\t},\n\t}\n)'),
    style('const baz = [2];\ncall(foo, ...[bar, ...baz]);'),
    style('Promise.all(...[...iterable])'),
    style('new Map(...[...iterable])'),

    // Iterable to array
    iterable('const map = new Map([...iterable])'),
    iterable('const weakMap = new WeakMap([...iterable])'),
    iterable('const set = new Set([...iterable])'),
    iterable('const weakSet = new WeakSet([...iterable])'),
    iterable('const typed = new BigUint64Array([...iterable], byteOffset, length)'),
    iterable('const typed = new BigUint64Array([...iterable], ...args)'),
    iterable('const promise = Promise.all([...iterable])'),
    iterable('const promise = Promise.allSettled([...iterable])'),
    iterable('const promise = Promise.any([...iterable])'),
    iterable('const promise = Promise.race([...iterable])'),
    iterable('const array = Array.from([...iterable])'),
    iterable('const typed = BigUint64Array.from([...iterable])'),
    iterable('const object = Object.fromEntries([...iterable])'),
    iterable('for (const foo of [...iterable]);'),
    quiet('async () => {for await (const foo of [...iterable]);}', { differs: FOR_AWAIT }),
    iterable('const map = new Map([...iterable,])'),
    iterable('for (const foo of [...iterable]);'),
    iterable('const map = new Map([...iterable,],)'),
    iterable('const map = new Map([...(( iterable ))])'),
    iterable('for (const foo of [...(( iterable ))]);'),
    iterable('const map = new Map((( [...(( iterable ))] )))'),
    iterable('for (const foo of (( [...(( iterable ))] )));'),
    iterable('for (const foo of[...iterable]);'),
    ...['[...iterable]', '[...iterable,]', '(( [...iterable] ))', '(( [...(( iterable ))] ))']
      .map((code) => quiet(`function * fn() {\n\tyield * ${code};\n}`, { differs: YIELD })),
    // test.typescript
    report('for (const foo of[...iterable2]);', { ts: true }),

    // Cloning an immediate array
    method('[...foo.concat(bar)]', untyped('concat', 'a string')),
    { ...quiet('[...foo.copyWithin(-2)]', { differs: COPY_WITHIN }), variant: typed(ARRAYS, '[...foo.copyWithin(-2)]', [], COPY_WITHIN) },
    method('[...foo.flat()]'),
    method('[...foo.slice(1)]', untyped('slice', STRING_OR_TYPED)),
    method('[...foo.splice(1)]', untyped('splice', IMMUTABLE)),
    method('[...foo.toReversed()]', untyped('toReversed', TYPED_ARRAY)),
    method('[...foo.toSorted()]', untyped('toSorted', TYPED_ARRAY)),
    method('[...foo.toSpliced(0, 1)]'),
    method('[...foo.with(0, bar)]', untyped('with', TYPED_ARRAY)),
    method('[...foo.split("|")]'),
    report('[...Object.keys(foo)]'),
    report('[...Object.values(foo)]'),
    report('[...Array.from(foo)]'),
    report('[...Array.of()]'),
    quiet('[...new Array(3)]', { differs: NEW_ARRAY }),
    report('[...await Promise.all(foo)]'),
    report('[...await Promise.allSettled(foo)]'),
    report('function foo(bar) {\n\treturn[...Object.keys(bar)];\n}'),
    report('function foo(bar) {\n\treturn[\n\t\t...Object.keys(bar)\n\t];\n}'),
    report('function foo(bar) {\n\treturn[\n\t\t...(\n\t\t\tObject.keys(bar)\n\t\t)\n\t];\n}'),
    report('function foo(bar) {\n\treturn([\n\t\t...Object.keys(bar)\n\t]);\n}'),
  ],
  valid: [
    // Spread in list
    ...['const array = [[]]', 'const array = [{}]', 'const object = ({...[]})', 'foo([])', 'foo({})', 'new Foo([])', 'new Foo({})',
      'const array = [...a]', 'const object = {...a}', 'const [first, ...rest] = []', 'const {foo, ...rest} = {}',
      'function a(foo, ...rest) {}'].map((code) => quiet(code)),
    // Iterable to array
    ...['new NotMatchedConstructor([...iterable])', 'new foo.Map([...iterable])', 'new Map([...iterable], extraArgument)',
      'new Map()', 'new Map(...iterable)', 'new Map([,...iterable])', 'new Map([...iterable, extraElement])',
      'new Map({...iterable})', 'new Uint8Array(...iterable)', 'new Uint8Array(before, [...iterable])',
      'Promise.notMatchedMethod([...iterable])', 'NotPromise.all([...iterable])', 'foo.Promise.all([...iterable])',
      'Promise.all?.([...iterable])', 'Promise?.all([...iterable])', 'Promise[all]([...iterable])', 'Promise.all()',
      'Promise.all([...iterable], extraArgument)', 'Promise.all(...iterable)', 'Promise.all([,...iterable])',
      'Promise.all([...iterable, extraElement])', 'Promise.all({...iterable})',
      'Object.notFromEntries([...iterable])', 'NotObject.fromEntries([...iterable])', 'Object.fromEntries?.([...iterable])',
      'Object?.fromEntries([...iterable])', 'Object[fromEntries]([...iterable])', 'Object.fromEntries()',
      'Object.fromEntries([...iterable], extraArgument)', 'Object.fromEntries(...iterable)', 'Object.fromEntries({...iterable})',
      'Uint8Array.notFrom([...iterable])', 'NotTypedArray.from([...iterable])', 'Uint8Array.from?.([...iterable])',
      'Uint8Array?.from([...iterable])', 'Uint8Array.from([...iterable], extraArgument)', 'Uint8Array.from(...iterable)',
      'Uint8Array.from({...iterable})',
      'for (const [...iterable] of foo);', 'for (const foo of bar) [...iterable];', 'for (const foo of [,...iterable]);',
      'for (const foo of [...iterable, extraElement]);', 'for (const foo of {...iterable});', 'for (const foo in [...iterable]);',
      'function * fn() {yield [...iterable];}', 'function * fn() {yield* [...iterable, extraElement];}',
      'function * fn() {yield* {...iterable};}'].map((code) => quiet(code)),
    // Cloning an immediate array
    ...['[...not.array]', '[...not.array()]', '[...array.unknown()]', '[...Object.notReturningArray(foo)]', '[...NotObject.keys(foo)]',
      '[...Int8Array.from(foo)]', '[...Int8Array.of()]', '[...new Int8Array(3)]', '[...Promise.all(foo)]',
      '[...Promise.allSettled(foo)]', '[...await Promise.all(foo, extraArgument)]', '[...Iterator.concat(bar)]']
      .map((code) => quiet(code)),
    ...['[...foo.filter(bar)]', '[...foo.flatMap(bar)]', '[...foo.map(bar)]']
      .map((code) => quiet(code, { variant: typed(ARRAYS, code, [NC], ITERATOR_TYPED) })),
  ],
});
