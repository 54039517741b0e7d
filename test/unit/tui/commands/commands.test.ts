import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, parseLine } from '../../../../src/tui/commands/registry.js';
import { onion } from '../../../shared/fake-node/index.js';

describe('parseLine', () => {
  it('treats text as a message and // as an escaped slash', () => {
    expect(parseLine('hello /there')).toEqual({ kind: 'message', text: 'hello /there' });
    expect(parseLine('//shrug')).toEqual({ kind: 'message', text: '/shrug' });
    expect(parseLine('  \n ')).toEqual({ kind: 'empty' });
  });

  it('parses /add with an onion address (with or without .onion, any case) and the message', () => {
    const address = onion(7);
    expect(parseLine(`/add ${address} hi, it's Bob`)).toEqual({
      kind: 'command',
      command: { name: 'add', onion: address, message: "hi, it's Bob" },
    });
    expect(parseLine(`/add ${address.toUpperCase()}.onion`)).toEqual({
      kind: 'command',
      command: { name: 'add', onion: address, message: '' },
    });
  });

  it('refuses a malformed onion address with a message that says what is wrong', () => {
    const result = parseLine('/add notanonion hello');
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).toMatch(/Not a Tor v3 onion address: expected 56 characters/);
    const address = onion(7);
    const typo = `${address.slice(0, 10)}${address[10] === 'a' ? 'b' : 'a'}${address.slice(11)}`;
    const checksum = parseLine(`/add ${typo} hello`);
    expect(checksum.kind === 'invalid' && checksum.message).toMatch(/checksum/);
    expect(parseLine('/add').kind).toBe('invalid');
  });

  it('names an unknown command and points at /help', () => {
    const result = parseLine('/frobnicate now');
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' ? result.message : '').toMatch(/^Unknown command "\/frobnicate"\. Type \/help/);
  });

  it('parses contact commands with and without a target', () => {
    expect(parseLine('/accept')).toEqual({ kind: 'command', command: { name: 'accept' } });
    expect(parseLine('/BLOCK Eve Smith')).toEqual({ kind: 'command', command: { name: 'block', target: 'Eve Smith' } });
    expect(parseLine('/remove bob')).toEqual({ kind: 'command', command: { name: 'remove', target: 'bob' } });
    expect(parseLine('/reject x')).toEqual({ kind: 'command', command: { name: 'reject', target: 'x' } });
  });

  it('parses /nick for the open contact or for an onion address', () => {
    expect(parseLine('/nick Alice Liddell')).toEqual({
      kind: 'command',
      command: { name: 'nick', nickname: 'Alice Liddell' },
    });
    const address = onion(3);
    expect(parseLine(`/nick ${address}.onion Carol`)).toEqual({
      kind: 'command',
      command: { name: 'nick', target: address, nickname: 'Carol' },
    });
    expect(parseLine('/nick').kind).toBe('invalid');
  });

  it('parses /set', () => {
    expect(parseLine('/set')).toEqual({ kind: 'command', command: { name: 'set' } });
    expect(parseLine('/set bell off')).toEqual({
      kind: 'command',
      command: { name: 'set', setting: 'bell', value: false },
    });
    expect(parseLine('/set title ON')).toEqual({
      kind: 'command',
      command: { name: 'set', setting: 'title', value: true },
    });
    expect(parseLine('/set bell')).toEqual({ kind: 'command', command: { name: 'set', setting: 'bell' } });
    expect(parseLine('/set volume 3').kind).toBe('invalid');
    expect(parseLine('/set bell loud').kind).toBe('invalid');
  });

  it('parses the argument-less commands and their aliases, and refuses arguments to them', () => {
    for (const name of ['help', 'quit', 'address', 'copy'] as const)
      expect(parseLine(`/${name}`)).toEqual({ kind: 'command', command: { name } });
    expect(parseLine('/exit')).toEqual({ kind: 'command', command: { name: 'quit' } });
    expect(parseLine('/quit now').kind).toBe('invalid');
  });

  it('has a spec for every command the issue asks for', () => {
    for (const name of ['add', 'accept', 'reject', 'block', 'remove', 'nick', 'help', 'quit', 'set'])
      expect(findCommand(name)?.name).toBe(name);
    expect(new Set(COMMANDS.map((spec) => spec.name)).size).toBe(COMMANDS.length);
  });
});
