/**
 * A rough passphrase strength hint for profile creation. It estimates guessing entropy the
 * way a cracker would attack it: a run of letters (after undoing leetspeak: 0→o, 4→a, …) is
 * one word from a large vocabulary (about 11 bits, as a diceware word is 12.9), a separator is
 * worth almost nothing, any other character is worth the alphabet the passphrase draws from.
 * Well-known choices and repetition count as weak. The profile key is stretched with a slow
 * KDF (docs/ARCHITECTURE.md "Storage"), which buys margin but cannot save a guessable passphrase.
 */
import { MIN_PASSPHRASE_CHARS } from './limits.js';

export type StrengthLevel = 'too short' | 'weak' | 'fair' | 'strong';

/** The estimate and what to tell the user. */
export interface Strength {
  readonly level: StrengthLevel;
  /** Estimated bits of entropy (rounded down). */
  readonly bits: number;
  /** One sentence on what would make it better, or why it is fine. */
  readonly hint: string;
}

/** Bits at which a passphrase counts as fair / strong (with a slow KDF in front of it). */
const FAIR_BITS = 30;
const STRONG_BITS = 50;
/** What one dictionary word is worth. */
const WORD_BITS = 11;
/** Letters in a row that a cracker would try as a word. */
const MIN_WORD_LETTERS = 4;

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/** Choices every cracking dictionary starts with. */
const COMMON = [
  'password',
  'passw0rd',
  '123456',
  'qwerty',
  'azerty',
  'letmein',
  'iloveyou',
  'admin',
  'welcome',
  'monkey',
  'dragon',
  'secret',
  'burrow',
];

/** Estimates the strength of `passphrase`. */
export function passphraseStrength(passphrase: string): Strength {
  const characters = [...passphrase];
  if (characters.length < MIN_PASSPHRASE_CHARS) {
    return {
      level: 'too short',
      bits: 0,
      hint: `Use at least ${MIN_PASSPHRASE_CHARS} characters; four or more random words are best.`,
    };
  }
  const lower = passphrase.toLowerCase();
  if (COMMON.some((word) => lower.includes(word)) || new Set(characters).size <= 3) {
    return {
      level: 'weak',
      bits: 0,
      hint: 'It is built on a common password or repeats itself: pick unrelated words.',
    };
  }
  const bits = Math.floor(estimateBits(passphrase));
  if (bits < FAIR_BITS) return { level: 'weak', bits, hint: 'Add more words or make it longer.' };
  if (bits < STRONG_BITS) return { level: 'fair', bits, hint: 'Good; another word or two would make it strong.' };
  return { level: 'strong', bits, hint: 'Strong. Write it down somewhere safe: it cannot be recovered.' };
}

function estimateBits(passphrase: string): number {
  const perCharacter = Math.log2(Math.max(2, alphabetSize(passphrase)));
  const plain = [...passphrase].map((character) => LEET[character] ?? character).join('');
  let bits = 0;
  for (const [token] of plain.matchAll(new RegExp(`\\p{L}{${MIN_WORD_LETTERS},}|\\s+|.`, 'gsu'))) {
    if (/^\s/.test(token)) bits += 1;
    else if (token.length >= MIN_WORD_LETTERS) bits += Math.min(WORD_BITS, token.length * perCharacter);
    else bits += perCharacter;
  }
  return bits;
}

function alphabetSize(passphrase: string): number {
  let alphabet = 0;
  if (/[a-z]/.test(passphrase)) alphabet += 26;
  if (/[A-Z]/.test(passphrase)) alphabet += 26;
  if (/[0-9]/.test(passphrase)) alphabet += 10;
  if (/[ -/:-@[-`{-~]/.test(passphrase)) alphabet += 33;
  if (/[^ -~]/.test(passphrase)) alphabet += 100;
  return alphabet;
}
