import type { PeerCase } from './peer-table.ts';
import { peerTable } from './peer-table.ts';

/**
 * Biome's performance rules that overlap ours: only noAccumulatingSpread (noBarrelFile, noDelete, useTopLevelRegex and the
 * rest are about bundles, `delete` and regex literals, which no rule of ours covers).
 * biomejs/biome crates/biome_js_analyze/tests/specs/performance/noAccumulatingSpread/{invalid,valid}.jsonc, verbatim, as
 * of PR #7078 (issue #6675), which stopped flagging `Object.assign(acc, bar)` (mutating, O(1) per step) and flags
 * `Object.assign({}, acc, bar)` / `Object.assign([], acc, bar)` (a fresh copy per step); plus the rule's doc examples,
 * which Biome checks like tests (crates/biome_js_analyze/src/lint/performance/no_accumulating_spread.rs).
 */
const specs = 'biome tests/specs/performance/noAccumulatingSpread';
const docs = 'biome src/lint/performance/no_accumulating_spread.rs (doc examples)';
const AS = 'accumulating-spread';
const invalid = (code: string, source = `${specs}/invalid.jsonc`): PeerCase => ({ source, code, expect: [AS] });
const valid = (code: string, source = `${specs}/valid.jsonc`): PeerCase => ({ source, code, expect: [] });

peerTable({
  peer: 'biome noAccumulatingSpread',
  rule: AS,
  invalid: [
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
    invalid('foo.reduce((acc, bar) => Object.assign({}, acc, bar), [])'),
    invalid('foo.reduceRight((acc, bar) => Object.assign({}, acc, bar), [])'),
    invalid('foo.reduce((acc, bar) => { return Object.assign([], acc, bar) }, [])'),
    invalid('foo.reduceRight((acc, bar) => { return Object.assign([], acc, bar) }, [])'),
    invalid('foo.reduce((acc, bar) => Object.assign([], acc, bar), {})'),
    invalid('foo.reduceRight((acc, bar) => Object.assign([], acc, bar), {})'),
    invalid('foo.reduce((acc, bar) => { return Object.assign([], acc, bar) }, {})'),
    invalid('foo.reduceRight((acc, bar) => { return Object.assign([], acc, bar) }, {})'),
    invalid("var a = ['a', 'b', 'c'];\na.reduce((acc, val) => [...acc, val], []);", docs),
    invalid("var a = ['a', 'b', 'c'];\na.reduce((acc, val) => {return [...acc, val];}, []);", docs),
    invalid("var a = ['a', 'b', 'c'];\na.reduce((acc, val) => ({...acc, [val]: val}), {});", docs),
  ],
  valid: [
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
    valid('foo.reduce((acc, bar) => Object.assign(acc, bar), [])'),
    valid('foo.reduceRight((acc, bar) => Object.assign(acc, bar), [])'),
    valid('foo.reduce((acc, bar) => { return Object.assign(acc, bar) }, [])'),
    valid('foo.reduceRight((acc, bar) => { return Object.assign(acc, bar) }, [])'),
    valid('foo.reduce((acc, bar) => Object.assign(acc, bar), {})'),
    valid('foo.reduceRight((acc, bar) => Object.assign(acc, bar), {})'),
    valid('foo.reduce((acc, bar) => { return Object.assign(acc, bar) }, {})'),
    valid('foo.reduceRight((acc, bar) => { return Object.assign(acc, bar) }, {})'),
    valid('foo.reduce((acc, bar) => [...acc, bar], [], 123)'),
    valid("var a = ['a', 'b', 'c'];\na.reduce((acc, val) => {acc.push(val); return acc}, []);", docs),
  ],
});
