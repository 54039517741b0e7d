import { describe, expect, it } from 'vitest';
import { parseBootstrapStatus } from '../../../src/transport/tor/bootstrap.js';

describe('parseBootstrapStatus', () => {
  it('reads a NOTICE line from GETINFO status/bootstrap-phase', () => {
    expect(parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=0 TAG=starting SUMMARY="Starting"')).toEqual({
      progress: 0,
      tag: 'starting',
      summary: 'Starting',
    });
  });

  it('reads a STATUS_CLIENT event line (the 650 prefix already stripped)', () => {
    expect(parseBootstrapStatus('STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"')).toEqual({
      progress: 100,
      tag: 'done',
      summary: 'Done',
    });
  });

  it('keeps WARNING and RECOMMENDATION of a WARN line, and ignores the other keywords', () => {
    // The shape tor 0.4.9.11 sends (control-spec §4.1.10), with a loopback host.
    const line =
      'STATUS_CLIENT WARN BOOTSTRAP PROGRESS=14 TAG=handshake SUMMARY="Handshaking with a relay" WARNING="Connection refused" REASON=CONNECTREFUSED COUNT=3 RECOMMENDATION=warn HOSTID="66C102FA5DDF48C9EEEB048C1630933B66C50ECC" HOSTADDR="127.0.0.1:5000"';
    expect(parseBootstrapStatus(line)).toEqual({
      progress: 14,
      tag: 'handshake',
      summary: 'Handshaking with a relay',
      warning: 'Connection refused',
      recommendation: 'warn',
    });
  });

  it('unescapes quoted strings (control-spec §2.1.1)', () => {
    expect(
      parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="say \\"hi\\" \\\\ there\\n"')?.summary,
    ).toBe('say "hi" \\ there\n');
  });

  it.each([
    ['another status event', 'STATUS_CLIENT NOTICE CIRCUIT_ESTABLISHED'],
    ['another event that mentions BOOTSTRAP later', 'NOTICE ENOUGH_DIR_INFO BOOTSTRAP'],
    ['missing PROGRESS', 'NOTICE BOOTSTRAP TAG=conn SUMMARY="x"'],
    ['missing SUMMARY', 'NOTICE BOOTSTRAP PROGRESS=5 TAG=conn'],
    ['empty TAG', 'NOTICE BOOTSTRAP PROGRESS=5 TAG= SUMMARY="x"'],
    ['progress above 100', 'NOTICE BOOTSTRAP PROGRESS=101 TAG=done SUMMARY="x"'],
    ['negative progress', 'NOTICE BOOTSTRAP PROGRESS=-1 TAG=done SUMMARY="x"'],
    ['fractional progress', 'NOTICE BOOTSTRAP PROGRESS=5.5 TAG=done SUMMARY="x"'],
    ['unterminated quote', 'NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting'],
    ['unknown severity', 'INFO BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="x"'],
    ['an extra positional word', 'NOTICE BOOTSTRAP EXTRA PROGRESS=5 TAG=conn SUMMARY="x"'],
    ['text glued to a closing quote', 'NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="x"y'],
    ['empty line', ''],
  ])('returns undefined for %s', (_what, line) => {
    expect(parseBootstrapStatus(line)).toBeUndefined();
  });
});

describe('parseBootstrapStatus on GETINFO status/bootstrap-phase answers (the private network waits on these)', () => {
  it('reads the progress of the bare form and refuses lookalikes', () => {
    expect(parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"')?.progress).toBe(100);
    expect(
      parseBootstrapStatus('NOTICE BOOTSTRAP PROGRESS=50 TAG=loading_descriptors SUMMARY="Loading relay descriptors"')
        ?.progress,
    ).toBe(50);
    expect(parseBootstrapStatus('')).toBeUndefined();
    expect(parseBootstrapStatus('NOTICE BOOTSTRAP TAG=done SUMMARY="PROGRESS=100"')).toBeUndefined();
  });
});
