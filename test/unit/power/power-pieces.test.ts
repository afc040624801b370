import { describe, expect, it } from 'vitest';
import { parsePowerAction, runLimited } from '../../../electron/power';
import { judgeMenu, POWER_MENU } from '../../../shared/power-states';

describe('parsePowerAction', () => {
  it('reads codes, names and the boot actions, and refuses what cannot be requested', () => {
    expect(parsePowerAction(8)).toMatchObject({ kind: 'state', state: { code: 8, label: 'Power Off' } });
    expect(parsePowerAction('graceful-reset')).toMatchObject({ kind: 'state', state: { code: 14 } });
    expect(parsePowerAction('boot.pxe')).toMatchObject({ kind: 'boot', target: 'pxe' });
    expect(() => parsePowerAction(6)).toThrow(expect.objectContaining({ code: 'power.invalid-action' }));
    expect(() => parsePowerAction('boot.usb')).toThrow(expect.objectContaining({ code: 'power.invalid-action' }));
  });
});

describe('judgeMenu', () => {
  it('names the devices that do not allow each state and ignores devices that listed nothing', () => {
    const menu = judgeMenu([
      { name: 'on', available: [10, 8, 5, 11, 4, 7, 14, 12] },
      { name: 'off', available: [2] },
      { name: 'silent', available: [] },
    ]);
    expect(menu.map((m) => m.code)).toEqual([...POWER_MENU]);
    expect(menu.find((m) => m.code === 2)?.refusedBy).toEqual(['on']);
    expect(menu.find((m) => m.code === 8)?.refusedBy).toEqual(['off']);
    expect(menu.every((m) => m.refusedBy.length > 0)).toBe(true);
  });
});

describe('runLimited', () => {
  it('never runs more than the limit at once and yields results as they finish', async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 2];
    const work = async (ms: number) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      if (ms === 20) throw new Error('boom');
      return ms * 2;
    };
    const seen: Array<number | string> = [];
    for await (const o of runLimited(delays, 2, work)) seen.push(o.value ?? o.error!.message);
    expect(most).toBe(2);
    expect(seen).toHaveLength(delays.length);
    expect(seen).toContain('boom');
    expect(seen.filter((v) => typeof v === 'number').sort((a, b) => Number(a) - Number(b))).toEqual([2, 4, 10, 20, 60]);
    // The 5 ms item, started second, finishes before the 30 ms one that started first.
    expect(seen.indexOf(10)).toBeLessThan(seen.indexOf(60));
  });

  it('turns work still queued at cancel into cancelled outcomes', async () => {
    const controller = new AbortController();
    const work = async (n: number) => {
      if (n === 0) controller.abort();
      return n;
    };
    const out = [];
    for await (const o of runLimited([0, 1, 2], 1, work, controller.signal)) out.push(o);
    expect(out.find((o) => o.item === 0)?.value).toBe(0);
    expect(out.filter((o) => o.error?.code === 'job.cancelled').map((o) => o.item)).toEqual([1, 2]);
  });
});
