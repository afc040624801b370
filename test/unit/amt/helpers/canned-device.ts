// Test scaffolding: a loopback device (the digest server of the wsman tests) that answers each
// request from a router on its Action and ResourceURI, with captured replies or built envelopes.
import { openAmtSession, type AmtSession } from '../../../../electron/amt/session';
import { startDigestServer, type DigestServer } from '../../wsman/helpers/digest-server';

/** What the router sees of a request. */
export interface CannedRequest {
  action: string;
  /** The class name at the end of the ResourceURI. */
  className: string;
  body: string;
}

/** Reads Action and ResourceURI from a request envelope. */
export function requestOf(body: string): CannedRequest {
  const action = /<(?:\w+:)?Action\b[^>]*>\s*([^<\s]+)\s*</.exec(body)?.[1] ?? '';
  const uri = /<(?:\w+:)?ResourceURI\b[^>]*>\s*([^<\s]+)\s*</.exec(body)?.[1] ?? '';
  return { action, className: uri.slice(uri.lastIndexOf('/') + 1), body };
}

/** A SOAP fault envelope as AMT sends it (subcode with a document-local prefix). */
export function fault(subcodeQName: string, reason: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:e="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" ' +
    'xmlns:b="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:a="http://www.w3.org/2003/05/soap-envelope">' +
    '<a:Header><b:Action a:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/fault</b:Action>' +
    '<b:RelatesTo>1</b:RelatesTo><b:MessageID>uuid:00000000-8086-8086-8086-000000000001</b:MessageID></a:Header>' +
    `<a:Body><a:Fault><a:Code><a:Value>a:Sender</a:Value><a:Subcode><a:Value>${subcodeQName}</a:Value></a:Subcode></a:Code>` +
    `<a:Reason><a:Text xml:lang="en-US">${reason}</a:Text></a:Reason><a:Detail></a:Detail></a:Fault></a:Body></a:Envelope>`
  );
}

/** The DestinationUnreachable fault of a class the firmware lacks. */
export const DESTINATION_UNREACHABLE = fault(
  'b:DestinationUnreachable',
  'No route can be determined to reach the destination role defined by the WSAddressing To.',
);

/** A method output envelope of an AMT_ class, with the given child elements (already XML). */
export function amtMethodOutput(className: string, method: string, inner: string): string {
  const ns = `http://intel.com/wbem/wscim/1/amt-schema/1/${className}`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:a="http://www.w3.org/2003/05/soap-envelope" ' +
    `xmlns:b="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:g="${ns}">` +
    `<a:Header><b:Action a:mustUnderstand="true">${ns}/${method}Response</b:Action>` +
    '<b:RelatesTo>1</b:RelatesTo><b:MessageID>uuid:00000000-8086-8086-8086-000000000002</b:MessageID></a:Header>' +
    `<a:Body><g:${method}_OUTPUT>${inner}</g:${method}_OUTPUT></a:Body></a:Envelope>`
  );
}

/** A device answering through `route`, and a session to it; `close` stops both. */
export async function startCannedDevice(
  route: (req: CannedRequest) => string,
): Promise<{ server: DigestServer; session: AmtSession; requests: CannedRequest[]; close: () => Promise<void> }> {
  const requests: CannedRequest[] = [];
  const server = await startDigestServer({
    reply: (body) => {
      const req = requestOf(body);
      requests.push(req);
      // Like firmware, the reply's RelatesTo echoes the request's MessageID (the client checks it).
      const id = /<(?:\w+:)?MessageID\b[^>]*>\s*([^<\s]+)\s*</.exec(body)?.[1];
      const reply = route(req);
      return id === undefined ? reply : reply.replace(/(<(\w+:)?RelatesTo>)[^<]*(<\/(\w+:)?RelatesTo>)/, `$1${id}$3`);
    },
  });
  const session = openAmtSession({ host: '127.0.0.1', port: server.port, password: 'P@ssw0rd' });
  return {
    server,
    session,
    requests,
    close: async () => {
      await session.close();
      await server.close();
    },
  };
}
