import type { PeerCase } from './peer-table.ts';
import { peerTable } from './peer-table.ts';

/**
 * sindresorhus/eslint-plugin-unicorn test/prefer-set-has.js (snapshot version with `toArray`, `split` and the
 * TypeScript / decorator blocks), verbatim; `outdent` blocks are dedented. unicorn flags any `const` array whose only use
 * is `.includes()` called more than once or inside a function or loop. lookup-in-loop deliberately reports only
 * lookups repeated per element of a loop or iteration callback, and skips `const` tables of ≤ 16 literal entries.
 */
const source = 'unicorn test/prefer-set-has.js';
const LL = 'lookup-in-loop';

const NOT_IN_LOOP = 'no loop or iteration callback repeats the lookup: each call scans `foo` once, which costs what ' +
  'building a Set would; lookup-in-loop reports only scans repeated per element of another collection';
const TINY = 'a `const` array of 3 literals that nothing changes: scanning it is as fast as hashing into a Set ' +
  '(lookup-in-loop skips such tables up to 16 entries); the variant with an array of unknown size is reported';

const methodsReturnsArray = ['copyWithin', 'fill', 'filter', 'flat', 'flatMap', 'map', 'reverse', 'sort', 'splice', 'toReversed',
  'toSorted', 'toSpliced', 'with', 'toArray', 'split'];
const methodsReturnsArrayOrString = ['concat', 'slice'];
const unicorn = (body: string) => `${body}\nfunction unicorn() {\n\treturn foo.includes(1);\n}`;

const quiet = (code: string, extra: Partial<PeerCase> = {}): PeerCase => ({ source, code, expect: [], ...extra });
const notInLoop = (code: string): PeerCase => quiet(code, { differs: NOT_IN_LOOP });
/** A loop over a tiny literal array: quiet as written, reported once the array's size is unknown. */
const tinyInLoop = (code: string, reports = 1): PeerCase => quiet(code, {
  differs: TINY,
  variant: {
    note: 'array of unknown size',
    code: `declare function load(): number[];\n${code.replaceAll('[1, 2, 3]', 'load()')}`,
    expect: Array(reports).fill(LL),
  },
});

peerTable({
  peer: 'unicorn prefer-set-has',
  rule: LL,
  invalid: [
    notInLoop(unicorn('const foo = [1, 2, 3];')),
    notInLoop('const foo = [1, 2, 3];\nconst isExists = foo.includes(1);\nconst isExists2 = foo.includes(2);'),
    tinyInLoop('const foo = [1, 2, 3];\nfor (const a of b) {\n\tfoo.includes(1);\n}'),
    tinyInLoop('async function unicorn() {\n\tconst foo = [1, 2, 3];\n\tfor await (const a of b) {\n\t\tfoo.includes(1);\n\t}\n}'),
    tinyInLoop('const foo = [1, 2, 3];\nfor (let i = 0; i < n; i++) {\n\tfoo.includes(1);\n}'),
    tinyInLoop('const foo = [1, 2, 3];\nfor (let a in b) {\n\tfoo.includes(1);\n}'),
    tinyInLoop('const foo = [1, 2, 3];\nwhile (a)  {\n\tfoo.includes(1);\n}'),
    tinyInLoop('const foo = [1, 2, 3];\ndo {\n\tfoo.includes(1);\n} while (a)'),
    tinyInLoop('const foo = [1, 2, 3];\ndo {\n\t// …\n} while (foo.includes(1))'),
    notInLoop(unicorn('const foo = [1, 2, 3];')),
    notInLoop('const foo = [1, 2, 3];\nfunction * unicorn() {\n\treturn foo.includes(1);\n}'),
    notInLoop('const foo = [1, 2, 3];\nasync function unicorn() {\n\treturn foo.includes(1);\n}'),
    notInLoop('const foo = [1, 2, 3];\nasync function * unicorn() {\n\treturn foo.includes(1);\n}'),
    notInLoop('const foo = [1, 2, 3];\nconst unicorn = function () {\n\treturn foo.includes(1);\n}'),
    notInLoop('const foo = [1, 2, 3];\nconst unicorn = () => foo.includes(1);'),
    notInLoop('const foo = [1, 2, 3];\nconst a = {\n\tb() {\n\t\treturn foo.includes(1);\n\t}\n};'),
    notInLoop('const foo = [1, 2, 3];\nclass A {\n\tb() {\n\t\treturn foo.includes(1);\n\t}\n}'),
    notInLoop('const foo = [...bar];\nfunction unicorn() {\n\treturn foo.includes(1);\n}\nbar.pop();'),
    notInLoop('const foo = [1, 2, 3];\nfunction unicorn() {\n\tconst exists = foo.includes(1);\n\tfunction isExists(find) {\n\t\treturn foo.includes(find);\n\t}\n}'),
    notInLoop('function wrap() {\n\tconst foo = [1, 2, 3];\n\n\tfunction unicorn() {\n\t\treturn foo.includes(1);\n\t}\n}\n\nconst bar = [4, 5, 6];\n\nfunction unicorn() {\n\treturn bar.includes(1);\n}'),
    // Three errors in unicorn: one outside any loop, two in `while` loops over tiny arrays.
    tinyInLoop('const foo = [1, 2, 3];\nfunction wrap() {\n\tconst exists = foo.includes(1);\n\tconst bar = [1, 2, 3];\n\n\tfunction outer(find) {\n\t\tconst foo = [1, 2, 3];\n\t\twhile (a) {\n\t\t\tfoo.includes(1);\n\t\t}\n\n\t\tfunction inner(find) {\n\t\t\tconst bar = [1, 2, 3];\n\t\t\twhile (a) {\n\t\t\t\tconst exists = bar.includes(1);\n\t\t\t}\n\t\t}\n\t}\n}', 2),
    notInLoop(unicorn('const foo = Array(1, 2);')),
    notInLoop(unicorn('const foo = new Array(1, 2);')),
    notInLoop(unicorn('const foo = Array.from({length: 1}, (_, index) => index);')),
    notInLoop(unicorn('const foo = Array.of(1, 2);')),
    ...methodsReturnsArray.map((method) => notInLoop(unicorn(`const foo = bar.${method}();`))),
    notInLoop('const foo = [1, 2, 3].slice();\nfoo.includes(1) || foo.includes(2);'),
    notInLoop('const foo = [1, 2, 3].concat(4);\nfoo.includes(1) || foo.includes(2);'),
    notInLoop('const foo = _([1,2,3]);\nconst bar = foo.map(value => value);\nfunction unicorn() {\n\treturn bar.includes(1);\n}'),
    // TypeScript parser block.
    quiet("const a: Array<'foo' | 'bar'> = ['foo', 'bar']\n\nfor (let i = 0; i < 3; i++) {\n\tif (a.includes(someString)) {\n\t\tconsole.log(123)\n\t}\n}", {
      ts: true,
      differs: 'a 2-entry literal array searched in a loop of 3 literal turns: six comparisons, nothing for a Set to save',
      variant: {
        note: 'array of unknown size, unbounded loop',
        code: "declare const a: string[], n: number, someString: string;\nfor (let i = 0; i < n; i++) {\n\tif (a.includes(someString)) {\n\t\tconsole.log(123)\n\t}\n}",
        expect: [LL],
      },
    }),
  ],
  valid: [
    ...[
      'const foo = new Set([1, 2, 3]);\nfunction unicorn() {\n\treturn foo.has(1);\n}',
      'const foo = [1, 2, 3];\nconst isExists = foo.includes(1);',
      'while (a) {\n\tconst foo = [1, 2, 3];\n\tconst isExists = foo.includes(1);\n}',
      'const foo = [1, 2, 3];\n(() => {})(foo.includes(1));',
      'foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes(1);\n}',
      'const exists = foo.includes(1);',
      'const exists = [1, 2, 3].includes(1);',
      'const foo = [1, 2, 3];',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes;\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn includes(foo);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn bar.includes(foo);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo[includes](1);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.indexOf(1) !== -1;\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\tfoo.includes(1);\n\tfoo.length = 1;\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\tif (foo.includes(1)) {}\n\treturn foo;\n}',
      'var foo = [1, 2, 3];\nvar foo = [4, 5, 6];\nfunction unicorn() {\n\treturn foo.includes(1);\n}',
      unicorn('const foo = bar;'),
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes();\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes(1, 1);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes(1, 0);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes(1, undefined);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes(...[1]);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo?.includes(1);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo.includes?.(1);\n}',
      'const foo = [1, 2, 3];\nfunction unicorn() {\n\treturn foo?.includes?.(1);\n}',
      'function unicorn() {\n\tconst foo = [1, 2, 3];\n}\nfunction unicorn2() {\n\treturn foo.includes(1);\n}',
      unicorn('export const foo = [1, 2, 3];'),
      'module.exports = [1, 2, 3];\nfunction unicorn() {\n\treturn module.exports.includes(1);\n}',
      unicorn('const foo = [1, 2, 3];\nexport {foo};'),
      unicorn('const foo = [1, 2, 3];\nexport default foo;'),
      unicorn('const foo = [1, 2, 3];\nexport {foo as bar};'),
      unicorn('const foo = [1, 2, 3];\nmodule.exports = foo;'),
      unicorn('const foo = [1, 2, 3];\nexports = foo;'),
      unicorn('const foo = [1, 2, 3];\nmodule.exports.foo = foo;'),
      unicorn('const foo = NotArray(1, 2);'),
      unicorn('const foo = new NotArray(1, 2);'),
      unicorn('const foo = NotArray.from({length: 1}, (_, index) => index);'),
      unicorn('const foo = NotArray.of(1, 2);'),
      unicorn('const foo = Array.notListed();'),
      unicorn('const foo = Array[from]({length: 1}, (_, index) => index);'),
      unicorn('const foo = Array[of](1, 2);'),
      unicorn("const foo = 'Array'.from({length: 1}, (_, index) => index);"),
      unicorn("const foo = 'Array'.of(1, 2);"),
      unicorn("const foo = Array['from']({length: 1}, (_, index) => index);"),
      unicorn("const foo = Array['of'](1, 2);"),
      unicorn('const foo = of(1, 2);'),
      unicorn('const foo = from({length: 1}, (_, index) => index);'),
      ...methodsReturnsArray.map((method) => unicorn(`const foo = bar.${method};`)),
      ...methodsReturnsArray.map((method) => unicorn(`const foo = new bar.${method}();`)),
      ...methodsReturnsArray.filter((method) => method !== 'with').map((method) => unicorn(`const foo = ${method}();`)),
      ...methodsReturnsArray.filter((method) => method !== 'with').map((method) => unicorn(`const foo = bar[${method}]();`)),
      ...methodsReturnsArray.map((method) => unicorn(`const foo = bar["${method}"]();`)),
      unicorn('const foo = bar.notListed();'),
      ...methodsReturnsArrayOrString.map((method) => unicorn(`const foo = bar.${method}();`)),
      'const foo = _.map([1, 2, 3], value => value);\nfunction unicorn() {\n\treturn _.includes(foo, 1);\n}',
      "const text = 'abc'.slice();\ntext.includes('ab') || text.includes('bc');",
      "const text = `abc`.concat('def');\ntext.includes('ab') || text.includes('bc');",
      "const text = `${1}abc`.slice();\ntext.includes('ab') || text.includes('bc');",
      // Babel parser block (decorators).
      "@connect(\n\tstate => {\n\t\tconst availableComponents = ['is']\n\t\tif (nsConfig.enabled) availableComponents.push('ns')\n\t\tif (jsConfig.enabled) availableComponents.push('js')\n\t\tif (asConfig.enabled) availableComponents.push('as')\n\n\t\treturn {\n\t\t\tavailableComponents,\n\t\t}\n\t},\n)\nexport default class A {}",
    ].map((code) => quiet(code)),
    // TypeScript parser block.
    quiet("@connect(\n\tstate => {\n\t\tconst availableComponents = ['is']\n\t\tif (nsConfig.enabled) availableComponents.push('ns')\n\t\tif (jsConfig.enabled) availableComponents.push('js')\n\n\t\treturn {\n\t\t\tavailableComponents,\n\t\t}\n\t},\n)\nexport default class A {}", { ts: true }),
  ],
});
