// Process helpers, exercised with node itself standing in for tor's tools.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning, runTool, terminate, ToolFailedError } from '../../../src/testnet/processes.js';

const node = process.execPath;

describe('runTool', () => {
  it('feeds stdin and resolves to stdout', async () => {
    await expect(runTool(node, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'hello' })).resolves.toBe(
      'hello',
    );
  });

  it('rejects a failure with the end of its output and the log files to read', async () => {
    const failure = runTool(node, ['-e', 'console.log("first"); console.error("Could not bind"); process.exit(3)'], {
      logFiles: ['/x/notice.log'],
    });
    await expect(failure).rejects.toThrow(ToolFailedError);
    await expect(failure).rejects.toMatchObject({
      name: 'TestnetStartError',
      output: 'first\nCould not bind',
      logFiles: ['/x/notice.log'],
    });
    await expect(failure).rejects.toThrow(/exit status 3[\s\S]*See the tor logs: \/x\/notice\.log/);
  });

  it('kills the tool and rejects with AbortedError when aborted', async () => {
    const controller = new AbortController();
    const running = runTool(node, ['-e', 'setInterval(() => {}, 1000)'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ name: 'AbortedError' });
  });
});

describe('isRunning and terminate', () => {
  it('knows a live process, and a pid whose command line is not the expected one', () => {
    expect(isRunning(process.pid)).toBe(true);
    expect(isRunning(process.pid, '/no/such/torrc')).toBe(false);
  });

  it('stops a process with SIGTERM and waits until it is gone; then it is not running', async () => {
    const child = spawn(node, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid!;
    expect(isRunning(pid, '-e')).toBe(true);
    await expect(terminate(pid, '-e')).resolves.toEqual({ wasRunning: true, gone: true });
    expect(child.signalCode ?? (await once(child, 'exit'))[1]).toBe('SIGTERM');
    expect(isRunning(pid)).toBe(false);
    await expect(terminate(pid)).resolves.toEqual({ wasRunning: false, gone: true });
  });

  it('uses SIGKILL on a process that ignores SIGTERM', async () => {
    const child = spawn(
      node,
      ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await once(child.stdout, 'data');
    await expect(terminate(child.pid!, undefined, 200)).resolves.toEqual({ wasRunning: true, gone: true });
    expect(child.signalCode ?? (await once(child, 'exit'))[1]).toBe('SIGKILL');
  });
});
