import { describe, expect, it } from 'vitest';
import { diagnoseTorExit, stripLogTimestamp } from '../../../src/transport/tor/tor-process-errors.js';

const failed = { code: 1, signal: null } as const;

// Output of tor 0.4.9.11 (`Log notice stdout`) for each failure, as captured on this machine.
const PORT_TAKEN = [
  'Nov 21 11:24:08.799 [notice] Opening Socks listener on 127.0.0.1:45999',
  'Nov 21 11:24:08.799 [warn] Could not bind to 127.0.0.1:45999: Address already in use. Is Tor already running?',
  'Nov 21 11:24:08.799 [warn] Failed to parse/validate config: Failed to bind one of the listener ports.',
  'Nov 21 11:24:08.799 [err] Reading config failed--see warnings above.',
];
const LOCKED = [
  'Nov 21 11:23:27.000 [warn] It looks like another Tor process is running with the same data directory.  Waiting 5 seconds to see if it goes away.',
  "Nov 21 11:23:32.000 [err] No, it's still there.  Exiting.",
  'Nov 21 11:23:32.000 [err] set_options(): Bug: Acting on config options left us in a broken state. Dying. (on Tor 0.4.9.11 )',
  'Nov 21 11:23:32.000 [err] Reading config failed--see warnings above.',
];
const BAD_OPTION = [
  'Nov 21 11:24:08.808 [notice] Read configuration file "/tmp/tpx/torrc4".',
  "Nov 21 11:24:08.808 [warn] Failed to parse/validate config: Unknown option 'BogusOption'.  Failing.",
  'Nov 21 11:24:08.808 [err] Reading config failed--see warnings above.',
];

describe('diagnoseTorExit', () => {
  it('names the port that is taken', () => {
    const diagnosis = diagnoseTorExit(PORT_TAKEN, failed, '/d');
    expect(diagnosis.reason).toBe('port-in-use');
    expect(diagnosis.message).toContain('127.0.0.1:45999');
    expect(diagnosis.message).toMatch(/another program/);
  });

  it('says another tor holds the data directory', () => {
    const diagnosis = diagnoseTorExit(LOCKED, failed, '/profile/tor');
    expect(diagnosis.reason).toBe('data-dir-locked');
    expect(diagnosis.message).toContain('/profile/tor');
  });

  it("quotes tor's complaint about its configuration", () => {
    expect(diagnoseTorExit(BAD_OPTION, failed, '/d')).toEqual({
      reason: 'config',
      message:
        "tor refused its configuration: Failed to parse/validate config: Unknown option 'BogusOption'.  Failing.",
    });
  });

  it('says how tor died when its output explains nothing', () => {
    expect(
      diagnoseTorExit(['Nov 21 11:24:08.808 [notice] Bootstrapped 5%'], { code: null, signal: 'SIGKILL' }, '/d'),
    ).toEqual({
      reason: 'exited',
      message: 'tor exited during startup (signal SIGKILL)',
    });
  });
});

describe('diagnoseTorExit when tor could not even be run', () => {
  it('quotes the spawn error', () => {
    expect(
      diagnoseTorExit(['[err] could not run tor: spawn /x/tor EACCES'], { code: null, signal: null }, '/d').message,
    ).toBe('tor exited during startup (it could not be run): could not run tor: spawn /x/tor EACCES');
  });
});

describe('stripLogTimestamp', () => {
  it('drops the timestamp and keeps the severity', () => {
    expect(stripLogTimestamp('Nov 1 11:24:08.808 [warn] x')).toBe('[warn] x');
    expect(stripLogTimestamp('[warn] y')).toBe('[warn] y');
  });
});
