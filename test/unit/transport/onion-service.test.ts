/**
 * OnionService against a scripted control connection: what it sends, and how it reads tor's
 * answers. The real thing (tor 0.4.9 publishing and re-publishing) is in test/tor/transport.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { expandedSecretKey, generateIdentity, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { AbortedError, TimeoutError } from '../../../src/errors.js';
import {
  TorControlReplyError,
  type AddOnionOptions,
  type ControlEvent,
  type ControlEventListener,
} from '../../../src/transport/tor/control/index.js';
import {
  BURROW_ONION_PORT,
  OnionService,
  type OnionServiceControl,
  type OnionServiceTor,
} from '../../../src/transport/tor/onion-service.js';
import { torControlClosed } from '../../../src/transport/tor/control/errors.js';
import { errorNamed } from '../../shared/errors.js';

/** A control connection that records commands and answers ADD_ONION as scripted. */
class ScriptedControl implements OnionServiceControl {
  readonly added: {
    options: AddOnionOptions;
    keyAfterCall: Uint8Array | undefined;
    keySeen: Uint8Array | undefined;
  }[] = [];
  readonly deleted: string[] = [];
  readonly listeners = new Map<string, Set<ControlEventListener>>();

  constructor(private readonly answer: (options: AddOnionOptions) => Promise<OnionAddress>) {}

  async addOnion(options: AddOnionOptions): Promise<{ serviceId: OnionAddress }> {
    const key = options.privateKey === 'NEW' ? undefined : options.privateKey.ed25519Expanded;
    const entry = { options, keySeen: key === undefined ? undefined : Uint8Array.from(key), keyAfterCall: key };
    this.added.push(entry);
    return { serviceId: await this.answer(options) };
  }

  delOnion(serviceId: string): Promise<void> {
    this.deleted.push(serviceId);
    return Promise.resolve();
  }

  onEvent(name: string, listener: ControlEventListener): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  subscriptionsReady(): Promise<void> {
    return Promise.resolve();
  }

  emit(name: string, body: string): void {
    const event: ControlEvent = {
      code: 650,
      lines: [{ code: 650, divider: ' ', text: `${name} ${body}` }],
      name,
      body,
    };
    for (const listener of this.listeners.get(name) ?? []) listener(event);
  }
}

/** A stand-in for TorProcess whose control connection can be swapped, as a restart does. */
class ScriptedTor implements OnionServiceTor {
  readonly #restartListeners = new Set<() => void>();
  constructor(public control: ScriptedControl) {}
  on(_event: 'restarted', listener: () => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }
  restart(control: ScriptedControl): void {
    this.control = control;
    for (const listener of this.#restartListeners) listener();
  }
}

const honest = (identity: IdentityKeyPair) => () => Promise.resolve(identity.onionAddress);
const target = { host: '127.0.0.1', port: 40000 };

describe('OnionService', () => {
  it("sends ADD_ONION with the identity's expanded key, DiscardPK and the Burrow port, then wipes the key", async () => {
    const identity = generateIdentity();
    const control = new ScriptedControl(honest(identity));
    const service = await OnionService.publish({ tor: new ScriptedTor(control), identity, target });
    expect(service.address).toBe(identity.onionAddress);
    const [call] = control.added;
    expect(call!.options.flags).toEqual(['DiscardPK']);
    expect(call!.options.ports).toEqual([{ virtualPort: BURROW_ONION_PORT, target: '127.0.0.1:40000' }]);
    expect(call!.keySeen).toEqual(expandedSecretKey(identity.seed));
    expect(call!.keyAfterCall!.every((byte) => byte === 0)).toBe(true);
    await service.close();
    expect(control.deleted).toEqual([identity.onionAddress]);
  });

  it('fails loudly (address-mismatch) when tor publishes another address, and removes that service', async () => {
    const identity = generateIdentity();
    const other = generateIdentity().onionAddress;
    const control = new ScriptedControl(() => Promise.resolve(other));
    const error = await OnionService.publish({ tor: new ScriptedTor(control), identity, target }).catch(
      (e: unknown) => e,
    );
    expect(error).toEqual(errorNamed('ListenError'));
    expect(error).toMatchObject({ reason: 'address-mismatch', action: 'bug' });
    expect(control.deleted).toContain(other);
  });

  it("maps tor's 550 Onion address collision to ListenError('in-use')", async () => {
    const control = new ScriptedControl(() =>
      Promise.reject(new TorControlReplyError('ADD_ONION', 550, 'Onion address collision')),
    );
    await expect(
      OnionService.publish({ tor: new ScriptedTor(control), identity: generateIdentity(), target }),
    ).rejects.toMatchObject({ name: 'ListenError', reason: 'in-use' });
  });

  it("maps other failures to ListenError('tor-rejected') with tor's words", async () => {
    const control = new ScriptedControl(() => Promise.reject(torControlClosed('tor exited')));
    const error = await OnionService.publish({
      tor: new ScriptedTor(control),
      identity: generateIdentity(),
      target,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ListenError', reason: 'tor-rejected' });
    expect((error as Error).message).toMatch(/tor exited/);
  });

  it('publishes again on the new control connection after a restart, and not after close()', async () => {
    const identity = generateIdentity();
    const tor = new ScriptedTor(new ScriptedControl(honest(identity)));
    const service = await OnionService.publish({ tor, identity, target });
    const afterRestart = new ScriptedControl(honest(identity));
    tor.restart(afterRestart);
    await expect.poll(() => afterRestart.added.length).toBe(1);
    await service.close();
    const afterClose = new ScriptedControl(honest(identity));
    tor.restart(afterClose);
    await new Promise((resolve) => setImmediate(resolve));
    expect(afterClose.added).toHaveLength(0);
  });

  it('with waitForPublication, resolves on the first HS_DESC UPLOADED of its own address only', async () => {
    const identity = generateIdentity();
    const control = new ScriptedControl(honest(identity));
    let published = false;
    const publishing = OnionService.publish({
      tor: new ScriptedTor(control),
      identity,
      target,
      waitForPublication: true,
    }).then((service) => {
      published = true;
      return service;
    });
    await expect.poll(() => control.added.length).toBe(1);
    control.emit('HS_DESC', `UPLOADED ${generateIdentity().onionAddress} UNKNOWN $AAAA~relay0`);
    control.emit('HS_DESC', `UPLOAD ${identity.onionAddress} UNKNOWN $AAAA~relay0`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toBe(false);
    control.emit('HS_DESC', `UPLOADED ${identity.onionAddress} UNKNOWN $AAAA~relay0`);
    await (await publishing).close();
  });

  it('with waitForPublication, times out with TimeoutError and unpublishes', async () => {
    const identity = generateIdentity();
    const control = new ScriptedControl(honest(identity));
    await expect(
      OnionService.publish({
        tor: new ScriptedTor(control),
        identity,
        target,
        waitForPublication: true,
        publicationTimeoutMs: 50,
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(control.deleted).toEqual([identity.onionAddress]);
  });

  it('an aborted signal rejects with AbortedError before anything is sent', async () => {
    const identity = generateIdentity();
    const control = new ScriptedControl(honest(identity));
    const controller = new AbortController();
    controller.abort();
    await expect(
      OnionService.publish({ tor: new ScriptedTor(control), identity, target, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(control.added).toHaveLength(0);
  });
});
