// Request envelopes: hand-built ones and library ones with escaped values must be well-formed and round-trip.
import { AMT } from '@device-management-toolkit/wsman-messages';
import { describe, expect, it } from 'vitest';
import { buildGet, buildPull, escapeForLibrary, NS } from '../../../electron/wsman';
import { attributeValue, childElement, childElements, parseXml } from '../../../electron/wsman/xml';
import { Limiter, SerialQueue } from '../../../electron/wsman/limiter';

describe('envelopes', () => {
  it('builds a Get with escaped selectors that parses back to the same values', () => {
    const xml = buildGet('AMT_EthernetPortSettings', { InstanceID: 'Port <0> & "1"' });
    const env = parseXml(xml);
    const header = childElement(env, NS.soap, 'Header');
    expect(childElement(header, NS.addressing, 'Action')?.text).toBe(`${NS.transfer}/Get`);
    expect(childElement(header, NS.wsman, 'ResourceURI')?.text).toBe(
      'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_EthernetPortSettings',
    );
    const [sel] = childElements(childElement(header, NS.wsman, 'SelectorSet'), NS.wsman, 'Selector');
    expect(attributeValue(sel, 'Name')).toBe('InstanceID');
    expect(sel.text).toBe('Port <0> & "1"');
  });

  it('builds a Pull in the enumeration namespace', () => {
    const body = childElement(parseXml(buildPull('CIM_AssociatedPowerManagementService', 'ctx&1')), NS.soap, 'Body');
    expect(childElement(childElement(body, NS.enumeration, 'Pull'), NS.enumeration, 'EnumerationContext')?.text).toBe(
      'ctx&1',
    );
  });

  it('makes the library Put well-formed when values hold XML characters', () => {
    const amt = new AMT.Messages();
    // The library rewrites the keys of the object it is given, so each call gets a fresh one.
    const data = () => ({ ElementName: 'Lab & <Test>', InstanceID: 'Intel(r) AMT:BootSettingData 0', BIOSSetup: true });
    expect(() => parseXml(amt.BootSettingData.Put(data() as never))).toThrow();
    const put = parseXml(amt.BootSettingData.Put(escapeForLibrary(data()) as never));
    const instance = childElement(put, NS.soap, 'Body')?.children[0];
    expect(instance?.name).toBe('AMT_BootSettingData');
    expect(instance?.children.find((c) => c.name === 'ElementName')?.text).toBe('Lab & <Test>');
    expect(instance?.children.find((c) => c.name === 'BIOSSetup')?.text).toBe('true');
  });
});

describe('limiter and serial queue', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('never runs more than the limit at once and frees a waiting slot on abort', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    const ac = new AbortController();
    const jobs = [
      limiter.run(task),
      limiter.run(task),
      limiter.run(task, ac.signal).catch((e: unknown) => e),
      limiter.run(task),
    ];
    ac.abort(new Error('stop'));
    const results = await Promise.all(jobs);
    expect(peak).toBe(2);
    expect((results[2] as Error).message).toBe('stop');
    expect(limiter.running).toBe(0);
  });

  it('runs queued tasks one at a time, in order, even after a failure', async () => {
    const q = new SerialQueue();
    const order: number[] = [];
    const a = q.run(async () => {
      await tick();
      order.push(1);
      throw new Error('first fails');
    });
    const b = q.run(async () => void order.push(2));
    await expect(a).rejects.toThrow('first fails');
    await b;
    expect(order).toEqual([1, 2]);
  });
});
