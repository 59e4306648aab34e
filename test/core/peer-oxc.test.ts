import type { PeerCase } from './peer-table.ts';
import { peerTable } from './peer-table.ts';

/**
 * oxc-project/oxc crates/oxc_linter/src/rules/oxc/no_accumulating_spread.rs, `fn test()` (pass / fail vectors), verbatim.
 * Its suite also embeds Biome's noAccumulatingSpread cases (from Biome v1.9.4); those are in peer-biome.test.ts too.
 */
const source = 'oxc crates/oxc_linter/src/rules/oxc/no_accumulating_spread.rs';
const AS = 'accumulating-spread';
const invalid = (code: string, ts = false): PeerCase => ({ source, code, expect: [AS], ...(ts ? { ts } : {}) });
const valid = (code: string, ts = false): PeerCase => ({ source, code, expect: [], ...(ts ? { ts } : {}) });

peerTable({
  peer: 'oxc no-accumulating-spread',
  rule: AS,
  valid: [
    valid('let x = { ...a }'),
    valid('let x = [ ...a ]'),
    valid('[1,2,3].map(n => ({ ...obj, n }))'),
    valid('arr.map(function (x) { return { ...obj, [x]: x } }, {})'),
    valid('[...a, ...b]'),
    valid("[...a, ...b].reduce((acc, x) => { acc['foo'] = x; return acc }, {})"),
    valid("arr.reduce((acc, x) => { acc['foo'] = x; return acc }, { ...a, ...b })"),
    valid('let x = { ...a, ...b }; arr.reduce((x, y) => x + y, 0)'),
    valid('arr.reduce((acc, x) => ({ ...x }), {})'),
    valid('arr.reduce((acc, x) => ({ ...obj }), {})'),
    valid(`arr.reduce((acc, x) => {
                acc[x] = { ...x }
                return acc
            }, {})`),
    valid(`
        const views = Object.keys(contrib).reduce((result, location) => {
			const viewsForLocation: IView[] = contrib[location];
			result.push(...viewsForLocation.map(view => ({ ...view, location })));
			return result;
		}, [] as Array<{ id: string; name: string; location: string }>);
        `, true),
    valid(`
        export abstract class AbstractPolicyService
            extends Disposable
            implements IPolicyService
        {
            serialize(): IStringDictionary<{
                definition: PolicyDefinition;
                value: PolicyValue;
            }> {
                return Iterable.reduce<
                    [PolicyName, PolicyDefinition],
                    IStringDictionary<{ definition: PolicyDefinition; value: PolicyValue }>
                >(
                    Object.entries(this.policyDefinitions),
                    (r, [name, definition]) => ({
                        ...r,
                        [name]: { definition, value: this.policies.get(name)! },
                    }),
                    {}
                );
            }
        }
        `, true),
    valid('foo.reduce((acc, bar) => {acc.push(bar); return acc;}, [])'),
    valid('foo.reduceRight((acc, bar) => {acc.push(bar); return acc;}, [])'),
    valid('foo.reduce((acc, bar) => {acc.push(...bar); return acc;}, [])'),
    valid('foo.reduceRight((acc, bar) => {acc.push(...bar); return acc;}, [])'),
    valid('foo.reduce((acc, bar) => {acc[bar.key] = bar.value; return acc;}, {})'),
    valid('foo.reduceRight((acc, bar) => {acc[bar.key] = bar.value; return acc;}, {})'),
    valid('foo.reduce((acc, bar) => {acc[bar.key] = { ...bar.value }; return acc;}, {})'),
    valid('foo.reduceRight((acc, bar) => {acc[bar.key] = { ...bar.value }; return acc;}, {})'),
    valid('foo.reduce((acc,value,index,array,somethingExtra) => [...acc, value], [])'),
    valid('foo.reduce((acc) => [...acc], [])'),
    valid('foo.reduce((acc, bar) => [...acc, bar], [], 123)'),
    valid('let foo = []; for (let i = 0; i < 10; i++) { foo.push(i); }'),
    valid('let foo = []; for (const i = 0; i < 10; i++) { foo.push(i); }'),
    valid('let foo = []; for (let i in [1,2,3]) { foo.push(i); }'),
    valid('let foo = []; for (const i in [1,2,3]) { foo.push(i); }'),
    valid('let foo = []; for (let i of [1,2,3]) { foo.push(i); }'),
    valid('let foo = []; while (foo.length < 10) { foo.push(foo.length); }'),
    valid('let foo = {}; for (let i = 0; i < 10; i++) { foo[i] = i; }'),
    valid('let foo = {}; for (const i = 0; i < 10; i++) { foo[i] = i; }'),
    valid('let foo = {}; for (let i in [1,2,3]) { foo[i] = i; }'),
    valid('let foo = {}; for (const i in [1,2,3]) { foo[i] = i; }'),
    valid('let foo = {}; for (let i of [1,2,3]) { foo[i] = i; }'),
    valid('let foo = {}; for (const i of [1,2,3]) { foo[i] = i; }'),
    valid('let foo = {}; while (Object.keys(foo).length < 10) { foo[Object.keys(foo).length] = Object.keys(foo).length; }'),
  ],
  invalid: [
    invalid('Object.keys(obj).reduce((acc, key) => ({ ...acc, [key]: obj[key] }), {})'),
    invalid('Object.keys(obj).reduce((acc, key) => ({ ...acc, [key]: obj[key] }), ({} as foo))', true),
    invalid('Object.keys(obj).reduce((acc, key) => ({ ...acc, [key]: obj[key] }), foo)'),
    invalid('arr.reduce((acc, x) => ({ ...acc, [x]: x }), {})'),
    invalid('arr.reduce((differentName, x) => ({ ...differentName, [x]: x }), {})'),
    invalid('a.b.arr.reduce((acc, x) => ({ ...acc, [x]: x }), {})'),
    invalid('a.b.arr.reduce((acc, x) => ({ ...acc, [x]: x }), (({} as baz)))', true),
    invalid('a.b.arr.reduce((acc, x) => ({ ...acc, [x]: x }), (({})))'),
    invalid('a.b.c.d.reduce((acc,x) => ([...acc, x]), [])'),
    invalid('a.b.c.d.reduce((acc,x) => ([...acc, x]), ([]))'),
    invalid('a.b.c.d.reduce((acc,x) => ([...acc, x]), ([] as foo))', true),
    invalid('a.b.c.d.reduce((acc,x) => ([...acc, x]), (([]) as foo))', true),
    invalid('get_array().reduce((acc, x) => ({ ...acc, [x]: x }), {})'),
    invalid('arr.reduce(function (acc, x) { return { ...acc, [x]: x } }, {})'),
    invalid(`arr.reduce((acc, x) => {
            let temp = { ...acc, x }
            return temp
        }, {})`),
    invalid('foo.reduce((acc, bar) => [...acc, bar], [])'),
    invalid('foo.reduceRight((acc, bar) => [...acc, bar], [])'),
    invalid('foo.reduce((acc, bar) => {return [...acc, bar];}, [])'),
    invalid('foo.reduceRight((acc, bar) => {return [...acc, bar];}, [])'),
    invalid('foo.reduce((acc, bar) => [...acc, ...bar], [])'),
    invalid('foo.reduceRight((acc, bar) => [...acc, ...bar], [])'),
    invalid('foo.reduce((acc, bar) => {return [...acc, ...bar];}, [])'),
    invalid('foo.reduceRight((acc, bar) => {return [...acc, ...bar];}, [])'),
    invalid('foo.reduce((acc, bar) => ({...acc, [bar.key]: bar.value}), {})'),
    invalid('foo.reduceRight((acc, bar) => ({...acc, [bar.key]: bar.value}), {})'),
    invalid('foo.reduce((acc, bar) => {return {...acc, [bar.key]: bar.value};}, {})'),
    invalid('foo.reduceRight((acc, bar) => {return {...acc, [bar.key]: bar.value};}, {})'),
    invalid('foo.reduce((acc, bar) => ({...acc, ...bar}), {})'),
    invalid('foo.reduceRight((acc, bar) => ({...acc, ...bar}), {})'),
    invalid('foo.reduce((acc, bar) => {return {...acc, ...bar};}, {})'),
    invalid('foo.reduceRight((acc, bar) => {return {...acc, ...bar};}, {})'),
    invalid('let foo = []; for (let i = 0; i < 10; i++) { foo = [...foo, i]; }'),
    invalid('let foo = []; for (const i = 0; i < 10; i++) { foo = [...foo, i]; }'),
    invalid('let foo = []; for (let i in [1,2,3]) { foo = [...foo, i]; }'),
    invalid('let foo = []; for (const i in [1,2,3]) { foo = [...foo, i]; }'),
    invalid('let foo = []; for (let i of [1,2,3]) { foo = [...foo, i]; }'),
    invalid('let foo = []; for (const i of [1,2,3]) { foo = [...foo, i]; }'),
    invalid('let foo = []; while (foo.length < 10) { foo = [...foo, foo.length]; }'),
    invalid('let foo = {}; for (let i = 0; i < 10; i++) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; for (const i = 0; i < 10; i++) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; for (let i in [1,2,3]) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; for (const i in [1,2,3]) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; for (let i of [1,2,3]) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; for (const i of [1,2,3]) { foo = { ...foo, [i]: i }; }'),
    invalid('let foo = {}; while (Object.keys(foo).length < 10) { foo = { ...foo, [Object.keys(foo).length]: Object.keys(foo).length }; }'),
  ],
});
