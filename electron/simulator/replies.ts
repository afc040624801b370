// Reply bodies per operation, with the prefix assignment each reply type has in the captures:
// Get/Put g=class (h=common), Enumerate g=enumeration, Pull g=enumeration h=class (i=common),
// method output g=class.
import { NS } from './namespaces';
import {
  eprContent,
  normalEnvelope,
  writeInstance,
  writeProps,
  type Epr,
  type Instance,
  type PropValue,
  type ReplyHeader,
} from './xml-writer';

/** How a Pull lists its items (wsman:EnumerationMode). */
export type EnumerationMode = 'object' | 'epr' | 'objectAndEpr';

/** GetResponse / PutResponse carrying one instance. */
export function instanceReply(header: ReplyHeader, classUri: string, inst: Instance): string {
  const extra: Array<readonly [string, string]> = [['g', classUri]];
  if (inst.usesCommon) extra.push(['h', NS.common]);
  return normalEnvelope(header, extra, writeInstance(inst, 'g', 'h'));
}

/** EnumerateResponse carrying a fresh enumeration context. */
export function enumerateReply(header: ReplyHeader, context: string): string {
  return normalEnvelope(
    header,
    [['g', NS.wsen]],
    `<g:EnumerateResponse><g:EnumerationContext>${context}</g:EnumerationContext></g:EnumerateResponse>`,
  );
}

/** One Pull item with its EPR, for the EPR enumeration modes. */
export interface PullItem {
  readonly instance: Instance;
  readonly epr: Epr;
}

function writeItem(item: PullItem, mode: EnumerationMode): string {
  const object = writeInstance(item.instance, 'h', 'i');
  const ref = `<b:EndpointReference>${eprContent(item.epr)}</b:EndpointReference>`;
  if (mode === 'object') return object;
  if (mode === 'epr') return ref;
  return `<c:Item>${object}${ref}</c:Item>`;
}

/** PullResponse: Items, then either a continuation context or EndOfSequence. */
export function pullReply(
  header: ReplyHeader,
  classUri: string,
  items: readonly PullItem[],
  nextContext: string | null,
  mode: EnumerationMode,
): string {
  const usesCommon = items.some((i) => i.instance.usesCommon);
  const extra: Array<readonly [string, string]> = [
    ['g', NS.wsen],
    ['h', classUri],
  ];
  if (usesCommon) extra.push(['i', NS.common]);
  const list = items.map((i) => writeItem(i, mode)).join('');
  const ctx = nextContext === null ? '' : `<g:EnumerationContext>${nextContext}</g:EnumerationContext>`;
  const tail = nextContext === null ? '<g:EndOfSequence></g:EndOfSequence>' : '';
  return normalEnvelope(header, extra, `<g:PullResponse>${ctx}<g:Items>${list}</g:Items>${tail}</g:PullResponse>`);
}

/** <Method>_OUTPUT with parameters in declaration order (ReturnValue last). */
export function methodReply(
  header: ReplyHeader,
  classUri: string,
  method: string,
  outputs: ReadonlyArray<readonly [string, PropValue]>,
): string {
  const tag = `g:${method}_OUTPUT`;
  return normalEnvelope(header, [['g', classUri]], `<${tag}>${writeProps('g', outputs, 'h')}</${tag}>`);
}

/** CreateResponse: the new instance's EPR in transfer:ResourceCreated (GWM credential context capture). */
export function createReply(header: ReplyHeader, created: Epr): string {
  return normalEnvelope(header, [['g', NS.wxf]], `<g:ResourceCreated>${eprContent(created)}</g:ResourceCreated>`);
}

/** DeleteResponse: an empty body (no capture; the prefixes are the normal reply's). */
export function deleteReply(header: ReplyHeader): string {
  return normalEnvelope(header, [], '');
}

/** A reply with an empty body (ReleaseResponse). */
export function emptyReply(header: ReplyHeader): string {
  return normalEnvelope(header, [['g', NS.wsen]], '');
}

/** IdentifyResponse (DSP0226 §11). No capture from real firmware exists; fields per the standard. */
export function identifyReply(productVersion: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<a:Envelope xmlns:a="${NS.soap}" xmlns:b="${NS.identity}"><a:Header></a:Header><a:Body>` +
    `<b:IdentifyResponse><b:ProtocolVersion>${NS.wsman}</b:ProtocolVersion>` +
    '<b:ProductVendor>Intel Corporation</b:ProductVendor>' +
    `<b:ProductVersion>${productVersion}</b:ProductVersion>` +
    '<b:SecurityProfiles>' +
    '<b:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/digest</b:SecurityProfileName>' +
    '<b:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/digest</b:SecurityProfileName>' +
    '</b:SecurityProfiles></b:IdentifyResponse></a:Body></a:Envelope>'
  );
}
