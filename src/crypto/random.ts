/**
 * Where key material comes from. Everything that draws random bytes takes a {@link RandomSource},
 * so tests can inject fixed bytes and pin outputs as vectors.
 */
import { randomBytes } from 'node:crypto';

/** Returns `length` random bytes. Only tests pass anything but {@link secureRandom}. */
export type RandomSource = (length: number) => Uint8Array;

/** The operating system's CSPRNG (node:crypto `randomBytes`). */
export const secureRandom: RandomSource = (length) => new Uint8Array(randomBytes(length));

/** A uniform number in [0, 1) drawn from `random` (for jitter, not for keys). */
export function unitInterval(random: RandomSource): number {
  const bytes = random(4);
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) / 2 ** 32;
}
