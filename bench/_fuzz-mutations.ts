/**
 * A fast-check arbitrary of fuzz inputs for one target: mostly corpus seeds put through a few
 * byte-level mutations (the ones libFuzzer's mutator uses: bit flips, interesting bytes and
 * big-endian integers at length fields, inserted, deleted and duplicated runs, truncation,
 * splicing two seeds), sometimes raw random bytes. Mutating valid encodings keeps most inputs
 * deep enough in a decoder to reach its later checks, which random bytes rarely pass.
 */
import fc from 'fast-check';

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'byte'; readonly at: number; readonly value: number }
  | { readonly op: 'int'; readonly at: number; readonly width: number; readonly value: bigint }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'splice'; readonly at: number; readonly other: number };

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x7f, 0x80, 0xfe, 0xff, 0x2e, 0x0d, 0x0a, 0x20, 0x22, 0x3d, 0x5c];
const INTERESTING_INTS = [0n, 1n, 2n, 15n, 16n, 17n, 32n, 64n, 127n, 128n, 255n, 256n, 1023n, 1024n, 4096n, 65535n];
const INTERESTING_WIDE = [0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n];

const position = fc.nat({ max: 1 << 20 });
const runLength = fc.integer({ min: 1, max: 32 });

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({
    op: fc.constant('byte' as const),
    at: position,
    value: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.nat({ max: 255 })),
  }),
  fc.record({
    op: fc.constant('int' as const),
    at: position,
    width: fc.constantFrom(1, 2, 4, 8),
    value: fc.constantFrom(...INTERESTING_INTS, ...INTERESTING_WIDE),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }),
  }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: runLength }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: runLength }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('splice' as const), at: position, other: fc.nat() }),
);

function apply(input: Uint8Array, mutation: Mutation, seeds: readonly Uint8Array[]): Uint8Array {
  const length = input.length;
  const at = length === 0 ? 0 : mutation.at % length;
  switch (mutation.op) {
    case 'flip':
      if (length === 0) return input;
      input[at]! ^= 1 << mutation.bit;
      return input;
    case 'byte':
      if (length === 0) return Uint8Array.of(mutation.value);
      input[at] = mutation.value;
      return input;
    case 'int': {
      const out = length >= at + mutation.width ? input : concat(input, new Uint8Array(at + mutation.width - length));
      for (let i = 0; i < mutation.width; i++)
        out[at + i] = Number((mutation.value >> BigInt(8 * (mutation.width - 1 - i))) & 0xffn);
      return out;
    }
    case 'insert':
      return concat(input.subarray(0, at), mutation.bytes, input.subarray(at));
    case 'delete':
      return concat(input.subarray(0, at), input.subarray(at + mutation.length));
    case 'duplicate':
      return concat(input.subarray(0, at + mutation.length), input.subarray(at));
    case 'truncate':
      return input.slice(0, at);
    case 'splice': {
      const other = seeds[mutation.other % seeds.length]!;
      return concat(input.subarray(0, at), other.subarray(other.length === 0 ? 0 : mutation.at % other.length));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Inputs for a target whose corpus is `seeds` (at least one). */
export function fuzzInputs(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }))
    .map(([index, mutations]) =>
      mutations.reduce<Uint8Array>((input, m) => apply(input, m, seeds), Uint8Array.from(seeds[index]!)),
    );
  return fc.oneof(
    { weight: 16, arbitrary: mutated },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 600 }) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
  );
}
