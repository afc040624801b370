// A reply must answer the request that was sent (issue 14.4): its RelatesTo echoes the request's
// MessageID. A reply to another request, or from something that answers anything, is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { WsmanClient, buildGet, readInstance, intProp } from '../../../electron/wsman';
import { messageIdOf } from '../../../electron/wsman/envelope';
import { OutbandError } from '../../../shared/errors';
import { captured } from './helpers/fixtures';
import { startDigestServer, type DigestServer } from './helpers/digest-server';

const POWER = captured('cim/associatedpower/managementservice/get.xml');
const withRelatesTo = (id: string) =>
  POWER.replace(/<b:RelatesTo>[^<]*<\/b:RelatesTo>/, `<b:RelatesTo>${id}</b:RelatesTo>`);

describe('RelatesTo', () => {
  let server: DigestServer | undefined;
  let client: WsmanClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  async function ask(reply: (request: string) => string) {
    server = await startDigestServer({ reply });
    client = new WsmanClient({ host: '127.0.0.1', port: server.port, username: 'admin', password: 'P@ssw0rd' });
    return client.send(buildGet('CIM_AssociatedPowerManagementService'));
  }

  it('accepts the reply that echoes the MessageID of the request', async () => {
    const reply = await ask((request) => withRelatesTo(messageIdOf(request)!));
    expect(intProp(readInstance(reply, 'CIM_AssociatedPowerManagementService'), 'PowerState')).toBeDefined();
  });

  it('refuses a reply to another request with wsman.reply-mismatch', async () => {
    const err = await ask(() => withRelatesTo('some-other-request')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutbandError);
    expect((err as OutbandError).code).toBe('wsman.reply-mismatch');
    expect((err as OutbandError).message).toContain('some-other-request');
  });

  it('lets a reply without RelatesTo through (recorded replies lack it; an impostor could echo it anyway)', async () => {
    const reply = await ask(() => POWER.replace(/<b:RelatesTo>[^<]*<\/b:RelatesTo>/, ''));
    expect(reply.relatesTo).toBeUndefined();
  });
});
