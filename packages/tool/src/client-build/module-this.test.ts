import assert from 'node:assert/strict';
import { bindModuleThis } from './module-this';

/** Runs a transformed module body (no imports) and returns what it leaves in `out`. */
function evaluate(code: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  new Function('out', `'use strict';${code.replace(/^export /gm, '')}`)(out);
  return out;
}

describe('bindModuleThis (module-level this is an object, as under Meteor)', () => {
  it('binds module-level this (arrow functions included) to one object, leaving functions and classes their own', () => {
    const source = [
      'this.legacy = 1;',
      'const arrow = () => this;',
      'function own() { return this; }',
      'class K { m() { return this; } static s = this; }',
      'out.module = this; out.arrow = arrow(); out.own = own(); out.method = new K().m(); out.field = K.s;',
    ].join('\n');
    const bound = bindModuleThis(source);
    assert.ok(bound !== undefined);
    const out = evaluate(bound);
    assert.equal(typeof out['module'], 'object');
    assert.equal((out['module'] as { legacy: number }).legacy, 1);
    assert.equal(out['arrow'], out['module']);
    assert.equal(out['own'], undefined);
    assert.ok(out['method'] instanceof Object);
    assert.equal(typeof out['field'], 'function', 'a static field sees its class');
  });

  it('keeps a module without module-level this unchanged, and every line but the first in place', () => {
    assert.equal(bindModuleThis('function f() { return this; }'), undefined);
    assert.equal(bindModuleThis('const thistle = 1;'), undefined);
    const bound = bindModuleThis('const a = 1;\nthis.b = a;\n');
    assert.equal(bound?.split('\n')[1], '_$t_.b = a;');
  });

  it('parses TypeScript sources too (for bundles compiled after the rewrite)', () => {
    assert.equal(bindModuleThis('const n: number = 1;\nthis.n = n as number;\n', 'ts')?.split('\n')[1], '_$t_.n = n as number;');
  });
});
