// Reading a request's MessageID and Action without parsing it, for the RelatesTo check and the reply limits.
import { AMT, CIM } from '@device-management-toolkit/wsman-messages';
import { describe, expect, it } from 'vitest';
import { NS } from '../../../electron/wsman';
import { buildEnumerate, buildGet, messageIdOf, requestActionOf } from '../../../electron/wsman/envelope';
import { childElement, parseXml } from '../../../electron/wsman/xml';

/** The MessageID and Action as a full parse reads them. */
function parsed(envelope: string): { id?: string; action?: string } {
  const header = childElement(parseXml(envelope), NS.soap, 'Header');
  return {
    id: childElement(header, NS.addressing, 'MessageID')?.text.trim(),
    action: childElement(header, NS.addressing, 'Action')?.text.trim(),
  };
}

describe('request MessageID and Action', () => {
  it('reads what a parse reads from our envelopes, and each new envelope has a new id', () => {
    const a = buildGet('AMT_GeneralSettings', { InstanceID: 'MessageID>x<' });
    const b = buildEnumerate('CIM_SoftwareIdentity');
    expect(messageIdOf(a)).toBe(parsed(a).id);
    expect(requestActionOf(a)).toBe(`${NS.transfer}/Get`);
    expect(requestActionOf(b)).toBe(parsed(b).action);
    expect(messageIdOf(b)).not.toBe(messageIdOf(a));
  });

  it('reads the library envelopes the same way', () => {
    const amt = new AMT.Messages();
    const cim = new CIM.Messages();
    for (const env of [
      amt.GeneralSettings.Get(),
      cim.ServiceAvailableToElement.Enumerate(),
      amt.SetupAndConfigurationService.Unprovision(1),
    ]) {
      expect(messageIdOf(env)).toBe(parsed(env).id);
      expect(requestActionOf(env)).toBe(parsed(env).action);
    }
  });

  it('ignores closing tags, longer names ending alike and absent fields', () => {
    const env =
      '<Envelope><Header><x:OtherMessageID>9</x:OtherMessageID></a:Action>' +
      '<a:MessageID >uuid:1&amp;2</a:MessageID></Header></Envelope>';
    expect(messageIdOf(env)).toBe('uuid:1&2');
    expect(requestActionOf(env)).toBe('');
    expect(messageIdOf('<Envelope/>')).toBeUndefined();
  });
});
