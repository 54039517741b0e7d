import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRequest, errorBody, requestIdOf } from '../../../src/daemon/protocol.js';
import { TimeoutError } from '../../../src/errors.js';
import type { NodeApi } from '../../../src/node/api.js';
import { errorNamed } from '../../shared/errors.js';

describe('daemon request decoding', () => {
  it('decodes methods with their params into the matching node API call', async () => {
    const calls: unknown[][] = [];
    const api = new Proxy({} as NodeApi, {
      get:
        (_target, name) =>
        (...args: unknown[]) => {
          calls.push([name, ...args]);
          return Promise.resolve(null);
        },
    });
    const run = async (line: string): Promise<void> => {
      const request = decodeRequest(line);
      if (request.kind !== 'call') throw new Error('expected a call');
      await request.call(api);
    };
    expect(decodeRequest('{"id":1,"method":"subscribe"}')).toEqual({ kind: 'subscribe', id: 1 });
    await run('{"id":1,"method":"status"}');
    await run('{"id":2,"method":"send","params":{"onion":"x","text":"hi"}}');
    await run('{"id":3,"method":"history","params":{"onion":"x","limit":5}}');
    await run('{"id":4,"method":"nick","params":{"onion":"x","nickname":"n"}}');
    expect(calls).toEqual([
      ['status'],
      ['sendMessage', 'x', 'hi'],
      ['history', 'x', { limit: 5 }],
      ['setNickname', 'x', 'n'],
    ]);
  });

  it.each([
    ['not JSON', 'nope'],
    ['an array', '[1]'],
    ['no id', '{"method":"status"}'],
    ['a fractional id', '{"id":1.5,"method":"status"}'],
    ['an unknown method', '{"id":1,"method":"rm -rf"}'],
    ['an inherited property as method', '{"id":1,"method":"toString"}'],
    ['a missing param', '{"id":1,"method":"send","params":{"onion":"x"}}'],
    ['a wrongly typed param', '{"id":1,"method":"send","params":{"onion":"x","text":5}}'],
    ['params that are not an object', '{"id":1,"method":"send","params":"x"}'],
    ['a non-integer limit', '{"id":1,"method":"history","params":{"onion":"x","limit":"5"}}'],
  ])('refuses %s with BadRequestError', (_label, line) => {
    expect(() => decodeRequest(line)).toThrow(errorNamed('BadRequestError'));
  });

  it('keeps the id of a bad request for the error reply', () => {
    expect(requestIdOf('{"id":7,"method":"bogus"}')).toBe(7);
    expect(requestIdOf('garbage')).toBe(0);
  });

  it('only ever returns a request or throws BadRequestError, on any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({ id: fc.anything(), method: fc.anything(), params: fc.anything() })
            .map((v) => JSON.stringify(v) ?? ''),
        ),
        (line) => {
          try {
            const request = decodeRequest(line);
            expect(Number.isSafeInteger(request.id)).toBe(true);
          } catch (error) {
            expect(error).toEqual(errorNamed('BadRequestError'));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reports typed errors by name and hides everything else', () => {
    expect(errorBody(new TimeoutError('dial', 5))).toEqual({
      name: 'TimeoutError',
      message: 'dial timed out after 5 ms',
    });
    expect(errorBody(new Error('secret internals'))).toEqual({
      name: 'InternalError',
      message: 'internal error (see the daemon log)',
    });
  });
});
