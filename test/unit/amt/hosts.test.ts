// Host arguments of the `outband info` and `outband power` commands.
import { describe, expect, it } from 'vitest';
import { expandHosts, parseHostList, parseHostSpec } from '../../../electron/cli/hosts';

describe('parseHostSpec', () => {
  it('reads names, ports, bracketed and bare IPv6', () => {
    expect(parseHostSpec('amt01', 16992)).toEqual({ input: 'amt01', host: 'amt01', port: 16992 });
    expect(parseHostSpec('10.0.0.5:16993', 16992)).toEqual({ input: '10.0.0.5:16993', host: '10.0.0.5', port: 16993 });
    expect(parseHostSpec('[fd00::5]:623', 16992)).toEqual({ input: '[fd00::5]:623', host: 'fd00::5', port: 623 });
    expect(parseHostSpec('[FD00::5]', 16993)).toMatchObject({ host: 'fd00::5', port: 16993 });
    expect(parseHostSpec('fd00::5', 16993)).toMatchObject({ host: 'fd00::5', port: 16993 });
  });

  it('refuses bad ports and names with a cli.bad-host code', () => {
    for (const bad of ['a:0', 'a:70000', 'a:x', '[fd00::5]:', '[host]:1', 'a b', '', 'http://x']) {
      expect(() => parseHostSpec(bad, 16992), bad).toThrow(expect.objectContaining({ code: 'cli.bad-host' }));
    }
  });
});

describe('host lists', () => {
  it('skips blank lines and comments', () => {
    expect(parseHostList('a\n\n  # all of row 2\nb:1 # rack 4\r\n[::1]:2\n')).toEqual(['a', 'b:1', '[::1]:2']);
  });

  it('expands @file arguments in order and drops duplicates', async () => {
    const files: Record<string, string> = { 'rack.txt': 'b\nc:16993\na\n' };
    const read = async (f: string) => {
      if (!(f in files)) throw new Error('ENOENT');
      return files[f];
    };
    const targets = await expandHosts(['a', '@rack.txt', 'b:16992'], 16992, read);
    expect(targets.map((t) => `${t.host}:${t.port}`)).toEqual(['a:16992', 'b:16992', 'c:16993']);
    await expect(expandHosts(['@missing.txt'], 16992, read)).rejects.toMatchObject({
      code: 'cli.host-file-unreadable',
    });
    await expect(expandHosts([], 16992, read)).rejects.toMatchObject({ code: 'cli.no-hosts' });
  });
});
