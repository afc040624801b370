// Turns a parsed WS-Man request into a reply for one device: Get, Put, Create, Delete, Enumerate,
// Pull, Release and Invoke, with firmware-shaped faults for everything else.
import { classDef, type ClassDef } from './catalog';
import type { EnumerationStore } from './enumerations';
import {
  ACCESS_DENIED,
  ACTION_NOT_SUPPORTED,
  DESTINATION_UNREACHABLE,
  INVALID_ENUMERATION_CONTEXT,
  INVALID_REPRESENTATION,
  INVALID_SELECTORS,
  type HttpFault,
} from './faults';
import { LOCAL_REQUESTER, type Requester } from './history';
import { putRedirectionService } from './classes-control';
import { consentMissing, findMethod } from './methods';
import { ACTION, classNameOf, resourceUriOf } from './namespaces';
import {
  createReply,
  deleteReply,
  emptyReply,
  enumerateReply,
  instanceReply,
  methodReply,
  pullReply,
  type EnumerationMode,
  type PullItem,
} from './replies';
import { childOf, childrenOf, textOf, type WsmanRequest, type XmlNode } from './request';
import { BOOT_FLAG_DEFAULTS, type DeviceState, type Scalar } from './state';
import { createTlsCredentialContext, deleteInstance, putTlsSetting } from './transfer-writes';
import { epr, faultEnvelope, type Epr, type Instance, type PropValue, type ReplyHeader } from './xml-writer';

/** What the dispatcher needs from its device. */
export interface DispatchContext {
  readonly state: DeviceState;
  readonly enumerations: EnumerationStore;
  readonly powerTransitionMs: number;
  nextMessageId(): string;
  now(): number;
}

/** An HTTP-level answer: status, SOAP body, and whether the connection closes after it. */
export interface WsmanReply {
  readonly status: number;
  readonly body: string;
  readonly close: boolean;
  /** Runs once the reply has been written (Unprovision forgets its configuration only then). */
  readonly after?: () => void;
}

type Props = Record<string, PropValue>;

/** Builds the reply for a fault; faults close the connection as firmware does. */
export function faultReply(ctx: DispatchContext, relatesTo: string, f: HttpFault): WsmanReply {
  return { status: f.status, body: faultEnvelope(relatesTo, ctx.nextMessageId(), f.fault), close: true };
}

function header(ctx: DispatchContext, req: WsmanRequest, action: string, resourceUri: string): ReplyHeader {
  return { relatesTo: req.messageId, action, messageId: ctx.nextMessageId(), resourceUri };
}

function toInstance(className: string, def: ClassDef, props: Props): Instance {
  return { className: def.instanceClass ?? className, usesCommon: def.usesCommon, props };
}

/** The namespace instance elements are written in: their own class's resource URI. */
function instanceUri(uri: string, def: ClassDef): string {
  return def.instanceClass === undefined ? uri : resourceUriOf(def.instanceClass);
}

function matches(props: Props, selectors: ReadonlyMap<string, string>): boolean {
  for (const [name, value] of selectors) {
    const prop = props[name];
    if (prop === undefined) return false;
    // EPR-valued keys are not compared; text keys must match exactly.
    if (typeof prop !== 'object' && String(prop) !== value) return false;
  }
  return true;
}

/** Picks the addressed instance: singletons need no selectors, others must match all of them. */
function selectInstance(def: ClassDef, state: DeviceState, req: WsmanRequest): Props | HttpFault {
  const selectors = new Map([...req.selectors].filter(([k]) => k !== '__cimnamespace'));
  const all = def.instances(state);
  if (selectors.size === 0) return all.length === 1 && all[0] !== undefined ? all[0] : INVALID_SELECTORS;
  return all.find((p) => matches(p, selectors)) ?? INVALID_SELECTORS;
}

function isFault(x: unknown): x is HttpFault {
  return typeof x === 'object' && x !== null && 'fault' in x && 'status' in x;
}

function doGet(ctx: DispatchContext, req: WsmanRequest, uri: string, cls: string, def: ClassDef): WsmanReply {
  const props = selectInstance(def, ctx.state, req);
  if (isFault(props)) return faultReply(ctx, req.messageId, props);
  const h = header(ctx, req, `${ACTION.get}Response`, uri);
  return { status: 200, body: instanceReply(h, instanceUri(uri, def), toInstance(cls, def, props)), close: false };
}

/** Coerces a Put value to the type of the flag's default; null when it does not fit. */
function coerce(text: string, like: Scalar): Scalar | null {
  if (typeof like === 'boolean') return text === 'true' ? true : text === 'false' ? false : null;
  if (typeof like === 'number') return /^\d+$/.test(text) ? Number(text) : null;
  return text;
}

/** Put of AMT_BootSettingData: writable flags are applied, read-only and unknown ones ignored. */
function putBootSettings(ctx: DispatchContext, req: WsmanRequest): HttpFault | null {
  if (req.bodyRoot !== 'AMT_BootSettingData') return INVALID_REPRESENTATION;
  if (consentMissing(ctx.state, ctx.now())) return ACCESS_DENIED;
  const next: Record<string, Scalar | Scalar[]> = { ...ctx.state.bootSettings };
  // Read-only and unknown fields are ignored: clients (GWM) send the whole instance back.
  for (const [name, node] of childrenOf(req.bodyContent ?? undefined)) {
    const like = BOOT_FLAG_DEFAULTS[name];
    if (like === undefined) continue;
    const value = coerce(textOf(node).trim(), like);
    if (value === null) return INVALID_REPRESENTATION;
    next[name] = value;
  }
  ctx.state.bootSettings = next;
  return null;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Put of AMT_GeneralSettings: HostName and DomainName are taken (a bad name is an invalid
 * representation, as firmware answers); the read-only and unchanged fields clients send back are
 * ignored. Inferred from the class reference, not from a capture.
 */
function putGeneralSettings(ctx: DispatchContext, req: WsmanRequest): HttpFault | null {
  if (req.bodyRoot !== 'AMT_GeneralSettings') return INVALID_REPRESENTATION;
  const fields = new Map(childrenOf(req.bodyContent ?? undefined).map(([name, node]) => [name, textOf(node).trim()]));
  const host = fields.get('HostName');
  const domain = fields.get('DomainName');
  if (host !== undefined && host !== '' && !HOST_LABEL.test(host)) return INVALID_REPRESENTATION;
  if (domain !== undefined && domain !== '' && (domain.length > 192 || !DOMAIN.test(domain)))
    return INVALID_REPRESENTATION;
  if (host !== undefined) ctx.state.hostname = host;
  if (domain !== undefined) ctx.state.domainName = domain;
  return null;
}

function doPut(ctx: DispatchContext, req: WsmanRequest, uri: string, cls: string, def: ClassDef): WsmanReply {
  let written: string | null = null;
  if (cls === 'AMT_BootSettingData') {
    const fault = putBootSettings(ctx, req);
    if (fault !== null) return faultReply(ctx, req.messageId, fault);
  } else if (cls === 'AMT_GeneralSettings') {
    const fault = putGeneralSettings(ctx, req);
    if (fault !== null) return faultReply(ctx, req.messageId, fault);
  } else if (cls === 'AMT_RedirectionService') {
    const fault = putRedirectionService(ctx.state, req);
    if (fault !== null) return faultReply(ctx, req.messageId, fault);
  } else if (cls === 'AMT_TLSSettingData') {
    const id = putTlsSetting(ctx.state, req);
    if (isFault(id)) return faultReply(ctx, req.messageId, id);
    written = id;
  } else {
    return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  }
  // The reply echoes the instance as it is now.
  const all = def.instances(ctx.state);
  const props = (written === null ? all[0] : all.find((p) => p.InstanceID === written)) ?? {};
  const h = header(ctx, req, `${ACTION.put}Response`, uri);
  return { status: 200, body: instanceReply(h, uri, toInstance(cls, def, props)), close: false };
}

function doCreate(ctx: DispatchContext, req: WsmanRequest, uri: string, cls: string): WsmanReply {
  if (cls !== 'AMT_TLSCredentialContext') return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  const created = createTlsCredentialContext(ctx.state, req);
  if (isFault(created)) return faultReply(ctx, req.messageId, created);
  const h = header(ctx, req, `${ACTION.create}Response`, uri);
  return { status: 200, body: createReply(h, created), close: false };
}

const DELETABLE = new Set(['AMT_TLSCredentialContext', 'AMT_PublicKeyCertificate', 'AMT_PublicPrivateKeyPair']);

function doDelete(ctx: DispatchContext, req: WsmanRequest, uri: string, cls: string): WsmanReply {
  if (!DELETABLE.has(cls)) return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  const fault = deleteInstance(ctx.state, cls, req);
  if (fault !== null) return faultReply(ctx, req.messageId, fault);
  const h = header(ctx, req, `${ACTION.delete}Response`, uri);
  return { status: 200, body: deleteReply(h), close: false };
}

function enumerationMode(body: XmlNode | null): EnumerationMode {
  const mode = textOf(childOf(body ?? undefined, 'EnumerationMode')).trim();
  if (mode === 'EnumerateEPR') return 'epr';
  if (mode === 'EnumerateObjectAndEPR') return 'objectAndEpr';
  return 'object';
}

/** A key property as an EPR selector value: references stay references, the rest is text. */
function keyValue(value: PropValue | undefined): string | Epr {
  if (typeof value === 'object' && !Array.isArray(value) && (value as Epr).kind === 'epr') return value as Epr;
  return String(value ?? '');
}

function pullItems(uri: string, cls: string, def: ClassDef, state: DeviceState): PullItem[] {
  return def.instances(state).map((props) => ({
    instance: toInstance(cls, def, props),
    epr: epr(
      uri,
      def.keys.map((k) => [k, keyValue(props[k])] as const),
    ),
  }));
}

function doEnumerate(ctx: DispatchContext, req: WsmanRequest, uri: string, cls: string, def: ClassDef): WsmanReply {
  const items = pullItems(uri, cls, def, ctx.state);
  const context = ctx.enumerations.create(uri, items, enumerationMode(req.bodyContent), ctx.now());
  const h = header(ctx, req, `${ACTION.enumerate}Response`, uri);
  return { status: 200, body: enumerateReply(h, context), close: false };
}

function doPull(ctx: DispatchContext, req: WsmanRequest, uri: string, def: ClassDef): WsmanReply {
  const context = textOf(childOf(req.bodyContent ?? undefined, 'EnumerationContext')).trim();
  const maxText = textOf(childOf(req.bodyContent ?? undefined, 'MaxElements')).trim();
  // WS-Enumeration: MaxElements defaults to 1 when absent.
  const max = /^\d+$/.test(maxText) && Number(maxText) > 0 ? Number(maxText) : 1;
  const batch = ctx.enumerations.pull(context, uri, max, ctx.now());
  if (batch === null) return faultReply(ctx, req.messageId, INVALID_ENUMERATION_CONTEXT);
  const h = header(ctx, req, `${ACTION.pull}Response`, uri);
  const next = batch.done ? null : context;
  return { status: 200, body: pullReply(h, instanceUri(uri, def), batch.items, next, batch.mode), close: false };
}

function doRelease(ctx: DispatchContext, req: WsmanRequest, uri: string): WsmanReply {
  const context = textOf(childOf(req.bodyContent ?? undefined, 'EnumerationContext')).trim();
  if (!ctx.enumerations.release(context)) return faultReply(ctx, req.messageId, INVALID_ENUMERATION_CONTEXT);
  const h = header(ctx, req, `${ACTION.release}Response`, uri);
  return { status: 200, body: emptyReply(h), close: false };
}

function doInvoke(
  ctx: DispatchContext,
  req: WsmanRequest,
  uri: string,
  cls: string,
  def: ClassDef,
  requester: Requester,
): WsmanReply {
  const method = (req.action ?? '').slice(uri.length + 1);
  const handler = findMethod(cls, method);
  if (handler === undefined) return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  if (req.selectors.size > 0 && isFault(selectInstance(def, ctx.state, req))) {
    return faultReply(ctx, req.messageId, INVALID_SELECTORS);
  }
  const input = req.bodyRoot === `${method}_INPUT` ? req.bodyContent : null;
  const result = handler(
    { state: ctx.state, now: ctx.now(), powerTransitionMs: ctx.powerTransitionMs, requester },
    input,
  );
  if ('fault' in result) return faultReply(ctx, req.messageId, result.fault);
  const h = header(ctx, req, `${uri}/${method}Response`, uri);
  return { status: 200, body: methodReply(h, uri, method, result.outputs), close: false, after: result.after };
}

/** Answers one authenticated WS-Man request; `requester` is who the audit log names. */
export function dispatch(ctx: DispatchContext, req: WsmanRequest, requester: Requester = LOCAL_REQUESTER): WsmanReply {
  const uri = req.resourceUri ?? '';
  const cls = classNameOf(uri);
  const def = classDef(cls);
  if (req.action === null) return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  if (def === undefined || uri !== resourceUriOf(cls)) return faultReply(ctx, req.messageId, DESTINATION_UNREACHABLE);
  switch (req.action) {
    case ACTION.get:
      return doGet(ctx, req, uri, cls, def);
    case ACTION.put:
      return doPut(ctx, req, uri, cls, def);
    case ACTION.create:
      return doCreate(ctx, req, uri, cls);
    case ACTION.delete:
      return doDelete(ctx, req, uri, cls);
    case ACTION.enumerate:
      return doEnumerate(ctx, req, uri, cls, def);
    case ACTION.pull:
      return doPull(ctx, req, uri, def);
    case ACTION.release:
      return doRelease(ctx, req, uri);
    default:
      if (req.action.startsWith(`${uri}/`)) return doInvoke(ctx, req, uri, cls, def, requester);
      return faultReply(ctx, req.messageId, ACTION_NOT_SUPPORTED);
  }
}
