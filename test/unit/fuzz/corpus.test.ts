/**
 * Every decoder of peer bytes over every input of its fuzz corpus (test/corpus/<target>/: the
 * seeds made by the encoders and any input a fuzzer found): each must decode or throw only the
 * typed errors it documents. The million-input runs are `npm run bench -- fuzz`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeThrow, FUZZ_TARGETS, untypedThrow } from '../../shared/fuzz-targets.js';

const corpusRoot = join(import.meta.dirname, '..', '..', 'corpus');

function corpusOf(target: string): { file: string; bytes: Uint8Array }[] {
  const dir = join(corpusRoot, target);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.bin'))
    .sort()
    .map((file) => ({ file, bytes: Uint8Array.from(readFileSync(join(dir, file))) }));
}

describe('fuzz corpus', () => {
  it('has a corpus folder for each target and a target for each folder', () => {
    const folders = readdirSync(corpusRoot).filter((entry) => statSync(join(corpusRoot, entry)).isDirectory());
    expect(folders.sort()).toEqual(FUZZ_TARGETS.map((target) => target.name).sort());
  });

  it('counts a throw its decoder does not document as untyped', () => {
    const run = (): void => {
      throw new TypeError('not a documented error');
    };
    const target = { name: 'x', decoders: 'x', run, isTyped: () => false };
    expect(untypedThrow(target, new Uint8Array(0))?.error).toBeInstanceOf(TypeError);
    for (const real of FUZZ_TARGETS) expect(real.isTyped(new TypeError('x')), real.name).toBe(false);
  });

  for (const target of FUZZ_TARGETS) {
    it(`${target.name}: ${target.decoders} throws only its typed errors on every corpus input`, () => {
      const inputs = corpusOf(target.name);
      expect(inputs.some(({ file }) => file.startsWith('seed-'))).toBe(true);
      const untyped = inputs.flatMap(({ file, bytes }) => {
        const thrown = untypedThrow(target, bytes);
        return thrown === undefined ? [] : [`${file}: ${describeThrow(thrown.error)}`];
      });
      expect(untyped).toEqual([]);
    });
  }

  it('has seeds that decode: each target accepts at least one of its seeds', () => {
    for (const target of FUZZ_TARGETS) {
      const accepted = corpusOf(target.name).filter(({ file, bytes }) => {
        if (!file.startsWith('seed-')) return false;
        try {
          target.run(bytes);
          return true;
        } catch {
          return false;
        }
      });
      expect(accepted.length, target.name).toBeGreaterThan(0);
    }
  });
});
