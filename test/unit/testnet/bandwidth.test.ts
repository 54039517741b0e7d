import { describe, expect, it } from 'vitest';
import { renderBandwidthFile } from '../../../src/testnet/bandwidth.js';

const A = 'DFBA32F96C61D58F16CEA6C9B67359FA8041277E';
const B = 'F12F93A8169A6DAB03398B6BF88096B458228EC2';

describe('renderBandwidthFile (bandwidth-file-spec 1.0.0)', () => {
  it('writes the timestamp, then one equal-weight line per relay', () => {
    expect(renderBandwidthFile(1_795_000_000, [A, B])).toBe(
      `1795000000\nnode_id=$${A} bw=1000\nnode_id=$${B} bw=1000\n`,
    );
  });

  it('uses the bandwidth it is given', () => {
    expect(renderBandwidthFile(1, [A], 7)).toBe(`1\nnode_id=$${A} bw=7\n`);
  });

  it('refuses what is not a fingerprint (a line break could forge another relay line)', () => {
    for (const bad of [A.toLowerCase(), A.slice(1), `${A}\nnode_id=$${B} bw=99999`, '', `$${A}`]) {
      expect(() => renderBandwidthFile(1, [bad])).toThrow(TypeError);
    }
  });

  it('refuses bad numbers', () => {
    expect(() => renderBandwidthFile(-1, [A])).toThrow(RangeError);
    expect(() => renderBandwidthFile(1.5, [A])).toThrow(RangeError);
    expect(() => renderBandwidthFile(1, [A], 0)).toThrow(RangeError);
    expect(() => renderBandwidthFile(1, [A], Number.NaN)).toThrow(RangeError);
  });
});
