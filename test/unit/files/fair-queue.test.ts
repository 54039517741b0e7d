import { describe, expect, it } from 'vitest';
import { FairQueue, MAX_CONTROL_BURST } from '../../../src/files/index.js';

function drain<T>(queue: FairQueue<T>): T[] {
  const out: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
}

describe('FairQueue', () => {
  it('sends chat ahead of queued chunk data', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 5; i++) queue.push(`data${i}`, { lane: 'bulk', flow: 'f' });
    expect(queue.shift()).toBe('data0');
    queue.push('hello', { lane: 'control' });
    expect(queue.shift()).toBe('hello');
    expect(drain(queue)).toEqual(['data1', 'data2', 'data3', 'data4']);
  });

  it('shares the link between transfers round-robin', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 3; i++) queue.push(`a${i}`, { lane: 'bulk', flow: 'a' });
    for (let i = 0; i < 2; i++) queue.push(`b${i}`, { lane: 'bulk', flow: 'b' });
    expect(drain(queue)).toEqual(['a0', 'b0', 'a1', 'b1', 'a2']);
  });

  it('lets one bulk item through after a burst of control items, so chat cannot stall a transfer', () => {
    const queue = new FairQueue<string>();
    queue.push('data', { lane: 'bulk' });
    for (let i = 0; i < MAX_CONTROL_BURST + 2; i++) queue.push(`chat${i}`, { lane: 'control' });
    const order = drain(queue);
    expect(order.indexOf('data')).toBe(MAX_CONTROL_BURST);
    // Control items sent while no bulk waited do not count towards the burst.
    const idle = new FairQueue<string>();
    for (let i = 0; i < MAX_CONTROL_BURST * 2; i++) idle.push(`c${i}`, { lane: 'control' });
    for (let i = 0; i < MAX_CONTROL_BURST * 2; i++) idle.shift();
    idle.push('data', { lane: 'bulk' });
    idle.push('chat', { lane: 'control' });
    expect(drain(idle)).toEqual(['chat', 'data']);
  });

  it('puts a chunk’s blocks at the head of their flow, and removes cancelled items', () => {
    const queue = new FairQueue<string>();
    queue.push('job2', { lane: 'bulk', flow: 'f' });
    queue.push('block1b', { lane: 'bulk', flow: 'f', front: true });
    queue.push('block1a', { lane: 'bulk', flow: 'f', front: true });
    queue.push('other', { lane: 'bulk', flow: 'g' });
    expect(queue.size).toBe(4);
    expect(queue.flowSize('f')).toBe(3);
    expect(queue.remove((item, flow) => flow === 'g' || item === 'job2')).toBe(2);
    expect(drain(queue)).toEqual(['block1a', 'block1b']);
    expect(queue.size).toBe(0);
  });
});
