import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WsmanClient, readInstance, textProp, type WsmanClientOptions } from '../../../electron/wsman';
import { OutbandError, toErrorValue } from '../../../shared/errors';
import { captured } from './helpers/fixtures';
import { startDigestServer, type DigestServer, type DigestServerOptions } from './helpers/digest-server';

const GET =
  '<Envelope><Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action></Header><Body/></Envelope>';

// A general-settings reply with non-ASCII text, so chunk cuts can land inside a UTF-8 sequence.
const GENERAL = captured('amt/general/get.xml').replace('Test Host Name', 'Büro-Rechner €42 测试');

// A fault as AMT sends it: prefixes assigned differently from normal replies (spec §2.1).
function fault(subcodeQName: string, reason: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:g="http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" ' +
    'xmlns:f="http://schemas.xmlsoap.org/ws/2004/08/eventing" xmlns:e="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:c="http://schemas.xmlsoap.org/ws/2004/09/enumeration" ' +
    'xmlns:b="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:a="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:x="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
    '<a:Header><b:Action a:mustUnderstand="true">http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</b:Action>' +
    '<b:RelatesTo>31</b:RelatesTo><b:MessageID>uuid:00000000-8086-8086-8086-00000000004A</b:MessageID></a:Header>' +
    `<a:Body><a:Fault><a:Code><a:Value>a:Sender</a:Value><a:Subcode><a:Value>${subcodeQName}</a:Value></a:Subcode></a:Code>` +
    `<a:Reason><a:Text xml:lang="en-US">${reason}</a:Text></a:Reason><a:Detail></a:Detail></a:Fault></a:Body></a:Envelope>`
  );
}

describe('transport and error mapping', () => {
  let server: DigestServer | undefined;
  const clients: WsmanClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    server = undefined;
  });

  async function setup(opts: DigestServerOptions, clientOpts: Partial<WsmanClientOptions> = {}) {
    server = await startDigestServer(opts);
    const client = new WsmanClient({
      host: '127.0.0.1',
      port: server.port,
      username: 'admin',
      password: 'P@ssw0rd',
      ...clientOpts,
    });
    clients.push(client);
    return client;
  }

  const failure = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof OutbandError)) throw new Error(`expected an OutbandError, got ${String(err)}`);
    return err;
  };

  it('reassembles chunked replies split inside tags, namespace URIs and multi-byte characters', async () => {
    const bytes = Buffer.from(GENERAL);
    const nameAt = bytes.indexOf('€');
    const cuts = [
      7,
      150,
      bytes.indexOf('DigestRealm') + 4,
      bytes.indexOf('amt-schema') + 3,
      nameAt + 1,
      nameAt + 2,
      bytes.indexOf('测') + 1,
    ];
    const client = await setup({ reply: () => GENERAL, chunkAt: cuts.sort((a, b) => a - b) });
    const o = readInstance(await client.send(GET), 'AMT_GeneralSettings');
    expect(textProp(o, 'HostName')).toBe('Büro-Rechner €42 测试');
    expect(textProp(o, 'DigestRealm')).toBe('Digest:F3EB554784E729164447A89F60B641C5');
  });

  it('holds a Get reply to the instance cap and lets only an enumeration reply be large', async () => {
    // 600 KiB: under the transport's 4 MiB cap, over what any single instance reply needs.
    const big = GENERAL.replace('Test Domain Name', 'x'.repeat(600 * 1024));
    const client = await setup({ reply: () => big, chunkAt: [1000, 300_000] });
    const err = await failure(client.send(GET));
    expect(err.code).toBe('wsman.response-too-large');
    const enumerate = GET.replace('transfer/Get', 'enumeration/Enumerate');
    const o = readInstance(await client.send(enumerate), 'AMT_GeneralSettings');
    expect(textProp(o, 'DomainName')).toHaveLength(600 * 1024);
  });

  it('refuses a reply over the size limit, streamed without a length', async () => {
    const big = GENERAL.replace('Test Domain Name', 'x'.repeat(5000));
    const client = await setup({ reply: () => big, chunkAt: [1000, 2000, 3000] }, { maxResponseBytes: 2048 });
    expect((await failure(client.send(GET))).code).toBe('wsman.response-too-large');
  });

  it('times out a device that never answers, with its own code', async () => {
    const client = await setup({ reply: () => GENERAL, hang: true }, { requestTimeoutMs: 300 });
    expect((await failure(client.send(GET))).code).toBe('wsman.timeout');
  });

  it('cancels through an AbortSignal as an AbortError (job.cancelled)', async () => {
    const client = await setup({ reply: () => GENERAL, hang: true });
    const ac = new AbortController();
    const pending = client.send(GET, { signal: ac.signal }).catch((e: unknown) => e);
    setTimeout(() => ac.abort(), 100);
    const err = await pending;
    expect((err as Error).name).toBe('AbortError');
    expect(toErrorValue(err).code).toBe('job.cancelled');
  });

  it('names a refused connection', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new WsmanClient({ host: '127.0.0.1', port, username: 'admin', password: 'x' });
    clients.push(client);
    expect((await failure(client.send(GET))).code).toBe('wsman.connection-refused');
  });

  it('turns an empty HTTP 400 into wsman.bad-request', async () => {
    const client = await setup({ reply: () => '', status: 400 });
    const err = await failure(client.send(GET));
    expect(err.code).toBe('wsman.bad-request');
    expect(err.details).toMatchObject({ httpStatus: 400 });
  });

  it('resolves fault subcodes by namespace, whatever the prefix', async () => {
    const client = await setup({
      reply: () => fault('e:AlreadyExists', 'The sender attempted to create a resource which already exists.'),
      status: 400,
    });
    const err = await failure(client.send(GET));
    expect(err.code).toBe('wsman.already-exists');
    expect(err.message).toContain('already exists');
    expect(err.details).toMatchObject({
      subcode: '{http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd}AlreadyExists',
      httpStatus: 400,
    });

    server!.opts.reply = () => fault('x:AlreadyExists', 'same subcode, other prefix');
    expect((await failure(client.send(GET))).code).toBe('wsman.already-exists');

    server!.opts.reply = () =>
      fault(
        'b:DestinationUnreachable',
        'No route can be determined to reach the destination role defined by the WSAddressing To.',
      );
    expect((await failure(client.send(GET))).code).toBe('wsman.destination-unreachable');
  });

  it('reads a fault on HTTP 500 and names a bare 500', async () => {
    const client = await setup({ reply: () => fault('e:InternalError', 'internal'), status: 500 });
    expect((await failure(client.send(GET))).code).toBe('wsman.internal-error');
    server!.opts.reply = () => '<html>oops</html>';
    expect((await failure(client.send(GET))).code).toBe('wsman.server-error');
  });

  it('refuses a DOCTYPE instead of expanding entities', async () => {
    const evil =
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "yyyy">]><a:Envelope xmlns:a="http://www.w3.org/2003/05/soap-envelope"><a:Body>&x;</a:Body></a:Envelope>';
    const client = await setup({ reply: () => evil });
    expect((await failure(client.send(GET))).code).toBe('wsman.bad-xml');
  });
});
