/**
 * Key generation for the network's tors (docs/TESTNET.md, "Keys"):
 * - every tor is a relay: `tor --list-fingerprint` creates its identity keys in its
 *   DataDirectory and writes `DataDirectory/fingerprint`;
 * - authorities also get a v3 authority identity + signing key + certificate from
 *   `tor-gencert`; their v3ident is the certificate's `fingerprint` line (dir-spec §3.1).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestnetStartError } from './errors.js';
import type { NodePaths } from './layout.js';
import { runTool } from './processes.js';

/** Months the authority certificate is valid for (`tor-gencert -m`). */
const CERTIFICATE_MONTHS = 12;
const HEX40 = /^[0-9A-F]{40}$/;

/** The v3ident in the text of an authority certificate: its `fingerprint <40 hex>` line (dir-spec §3.1). */
export function parseCertificateFingerprint(certificate: string): string | undefined {
  const match = /^fingerprint ([0-9A-F]{40})$/m.exec(certificate);
  return match?.[1];
}

/** The fingerprint in a `DataDirectory/fingerprint` file: `<nickname> <40 hex>`. */
export function parseFingerprintFile(text: string, nickname: string): string | undefined {
  const [name, fingerprint, ...rest] = text.trim().split(/\s+/);
  if (name !== nickname || fingerprint === undefined || rest.length > 0 || !HEX40.test(fingerprint)) return undefined;
  return fingerprint;
}

/** Options of {@link createRelayKeys}. */
export interface KeygenOptions {
  /** The `tor` executable. */
  readonly tor: string;
  /** An empty file, for `--defaults-torrc` and `-f` (so no system torrc is read). */
  readonly emptyFile: string;
  readonly signal?: AbortSignal;
}

/** Creates the relay identity keys of node `nickname` in `paths.dataDir`; resolves to its fingerprint. */
export async function createRelayKeys(paths: NodePaths, nickname: string, options: KeygenOptions): Promise<string> {
  await mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  const args = [
    '--defaults-torrc',
    options.emptyFile,
    '-f',
    options.emptyFile,
    '--list-fingerprint',
    '--DataDirectory',
    paths.dataDir,
    '--ORPort',
    '1',
    '--Nickname',
    nickname,
  ];
  await runTool(options.tor, args, options.signal === undefined ? {} : { signal: options.signal });
  const fingerprint = parseFingerprintFile(await readFile(paths.fingerprintFile, 'utf8'), nickname);
  if (fingerprint === undefined)
    throw new TestnetStartError(`${paths.fingerprintFile} does not hold "${nickname} <fingerprint>"`, []);
  return fingerprint;
}

/**
 * Creates the v3 authority keys and certificate of an authority (`tor-gencert` with an empty
 * passphrase on stdin); resolves to its v3ident. The certificate advertises no DirPort
 * (`-a` is optional): every tor learns it from the `DirAuthority` lines, and ports are only
 * chosen at launch, so they can be chosen again if another process takes one first.
 */
export async function createAuthorityKeys(paths: NodePaths, gencert: string, signal?: AbortSignal): Promise<string> {
  await mkdir(paths.keysDir, { recursive: true, mode: 0o700 });
  const args = [
    '--create-identity-key',
    '--passphrase-fd',
    '0',
    '-m',
    String(CERTIFICATE_MONTHS),
    '-i',
    join(paths.keysDir, 'authority_identity_key'),
    '-s',
    join(paths.keysDir, 'authority_signing_key'),
    '-c',
    paths.certificate,
  ];
  await runTool(gencert, args, signal === undefined ? { input: '' } : { input: '', signal });
  const v3ident = parseCertificateFingerprint(await readFile(paths.certificate, 'utf8'));
  if (v3ident === undefined) throw new TestnetStartError(`${paths.certificate} has no fingerprint line`, []);
  return v3ident;
}
