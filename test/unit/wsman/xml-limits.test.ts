// Issue 14: hostile WS-Man replies end as typed wsman errors, and every real capture fits the limits.
import { describe, expect, it } from 'vitest';
import {
  expectMethodSuccess,
  itemsOfClass,
  parseResponse,
  readEnumerationPage,
  readInstance,
  textProp,
} from '../../../electron/wsman';
import { replyLimitsFor } from '../../../electron/wsman/response';
import { elementToObject } from '../../../electron/wsman/values';
import { buildGet, buildPull, buildEnumerate, buildEnvelope } from '../../../electron/wsman/envelope';
import {
  ENUMERATION_REPLY_LIMITS,
  INSTANCE_REPLY_LIMITS,
  parseXml,
  type XmlElement,
  type XmlLimits,
} from '../../../electron/wsman/xml';
import { errorOf } from '../../support/errors';
import { captured } from './helpers/fixtures';
import { CAPTURED_FILES } from './helpers/captures';

const MiB = 1024 * 1024;
const SOAP = 'http://www.w3.org/2003/05/soap-envelope';
const HEAD = `<s:Envelope xmlns:s="${SOAP}"><s:Header/><s:Body>`;
const TAIL = '</s:Body></s:Envelope>';

/** An envelope whose body is `unit` repeated to about `bytes` characters. */
function flood(unit: string, bytes: number, inner = ''): string {
  const n = Math.floor((bytes - HEAD.length - TAIL.length - inner.length) / unit.length);
  return HEAD + inner + unit.repeat(n) + TAIL;
}

function stats(el: XmlElement, depth = 1): { elements: number; depth: number; attributes: number } {
  let elements = 1;
  let max = depth;
  let attributes = el.attributes.length;
  for (const c of el.children) {
    const s = stats(c, depth + 1);
    elements += s.elements;
    max = Math.max(max, s.depth);
    attributes += s.attributes;
  }
  return { elements, depth: max, attributes };
}

describe('hostile replies under the byte cap (issue 14 item 1)', () => {
  it('refuses 3.9 MiB of sibling elements as too large', () => {
    const text = flood('<a/>', 3.9 * MiB);
    expect(text.length).toBeLessThan(ENUMERATION_REPLY_LIMITS.maxBytes);
    const err = errorOf(() => parseResponse(text));
    expect(err.code).toBe('wsman.response-too-large');
    expect(err.message).toMatch(/more than 50000 elements/);
  });

  it('refuses sibling elements with text and a declaration each, the shape of a real item', () => {
    const err = errorOf(() => parseResponse(flood('<h:P xmlns:h="urn:x">1</h:P>', 3.9 * MiB)));
    expect(err.code).toBe('wsman.response-too-large');
  });

  it('refuses 3.9 MiB of entity references as too large', () => {
    const text = `${HEAD}<a>${'&amp;'.repeat(Math.floor((3.9 * MiB) / 5))}</a>${TAIL}`;
    const err = errorOf(() => parseResponse(text));
    expect(err.code).toBe('wsman.response-too-large');
    expect(err.message).toMatch(/entity references/);
  });

  it('refuses a flood of character references and of attributes', () => {
    expect(errorOf(() => parseResponse(`${HEAD}<a>${'&#65;'.repeat(60_000)}</a>${TAIL}`)).code).toBe(
      'wsman.response-too-large',
    );
    const attrs = Array.from({ length: 60 }, (_, i) => `a${i}="v"`).join(' ');
    expect(errorOf(() => parseResponse(flood(`<b ${attrs}/>`, 3.9 * MiB))).code).toBe('wsman.response-too-large');
  });

  it('counts elements exactly, past the quick pre-scan', () => {
    // Few `<` but still too many elements for the instance limits: the parse itself stops.
    const limits: XmlLimits = { ...INSTANCE_REPLY_LIMITS, maxElements: 10 };
    const err = errorOf(() => parseXml(`<r>${'<a/>'.repeat(11)}</r>`, limits));
    expect(err.code).toBe('wsman.response-too-large');
    expect(parseXml(`<r>${'<a/>'.repeat(9)}</r>`, limits).children).toHaveLength(9);
  });

  it('refuses a document beyond the byte limit before parsing it', () => {
    const err = errorOf(() => parseResponse(flood('x', 600 * 1024), INSTANCE_REPLY_LIMITS));
    expect(err.code).toBe('wsman.response-too-large');
    expect(err.details).toMatchObject({ limit: INSTANCE_REPLY_LIMITS.maxBytes });
  });

  it('refuses an over-long attribute value, too many attributes and an over-long name', () => {
    const long = 'x'.repeat(ENUMERATION_REPLY_LIMITS.maxAttributeLength + 1);
    expect(errorOf(() => parseResponse(`${HEAD}<a v="${long}"/>${TAIL}`)).code).toBe('wsman.bad-xml');
    const many = Array.from({ length: 65 }, (_, i) => `a${i}=""`).join(' ');
    expect(errorOf(() => parseResponse(`${HEAD}<a ${many}/>${TAIL}`)).message).toMatch(/more than 64 attributes/);
    const name = 'n'.repeat(300);
    expect(errorOf(() => parseResponse(`${HEAD}<${name}/>${TAIL}`)).message).toMatch(/longer than 256/);
  });

  it('bounds the namespace declarations in scope, which bound every prefix lookup', () => {
    const decls = (d: number) => Array.from({ length: 60 }, (_, i) => `xmlns:p${d}x${i}="urn:${i}"`).join(' ');
    const text = `${HEAD}<a ${decls(0)}><b ${decls(1)}><c ${decls(2)}/></b></a>${TAIL}`;
    const err = errorOf(() => parseResponse(text));
    expect(err.code).toBe('wsman.bad-xml');
    expect(err.message).toMatch(/namespace declarations in scope/);
  });
});

describe('malformed replies found by fuzzing (issue 14 item 2)', () => {
  it('reads elements named constructor, __proto__ and prototype as plain properties', () => {
    const ns = 'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings';
    const text =
      `${HEAD}<g:AMT_GeneralSettings xmlns:g="${ns}">` +
      '<g:constructor>1</g:constructor><g:constructor>2</g:constructor>' +
      '<g:__proto__ polluted="yes"><g:polluted>yes</g:polluted></g:__proto__>' +
      '<g:prototype>3</g:prototype><g:toString>4</g:toString>' +
      `</g:AMT_GeneralSettings>${TAIL}`;
    const obj = readInstance(parseResponse(text), 'AMT_GeneralSettings');
    expect(obj.constructor).toEqual(['1', '2']);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.hasOwn(obj, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(obj, '__proto__')?.value).toEqual({ polluted: 'yes' });
    expect(textProp(obj, 'prototype')).toBe('3');
    expect(textProp(obj, 'toString')).toBe('4');
    expect(textProp(obj, 'hasOwnProperty')).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads selectors named __proto__ without touching the prototype', () => {
    const A = 'http://schemas.xmlsoap.org/ws/2004/08/addressing';
    const W = 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd';
    const text =
      `<s:Envelope xmlns:s="${SOAP}" xmlns:a="${A}" xmlns:w="${W}"><s:Body><x:Thing xmlns:x="urn:t"><x:Ref>` +
      '<a:Address>addr</a:Address><a:ReferenceParameters><w:SelectorSet>' +
      '<w:Selector Name="__proto__">p</w:Selector><w:Selector Name="constructor">c</w:Selector>' +
      `</w:SelectorSet></a:ReferenceParameters></x:Ref></x:Thing></s:Body></s:Envelope>`;
    const payload = parseResponse(text).payload;
    const ref = elementToObject(payload!).Ref as { selectors: Record<string, unknown> };
    expect(Object.getOwnPropertyDescriptor(ref.selectors, '__proto__')?.value).toBe('p');
    expect(ref.selectors.constructor).toBe('c');
    expect(Object.getPrototypeOf(ref.selectors)).toBe(Object.prototype);
  });

  it('refuses nesting deeper than the limit with wsman.bad-xml, at any depth', () => {
    for (const depth of [65, 200, 100_000]) {
      const text = `${HEAD}${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}${TAIL}`;
      const err = errorOf(() => parseResponse(text));
      expect(err.code === 'wsman.bad-xml' || err.code === 'wsman.response-too-large').toBe(true);
      if (depth === 65) expect(err.message).toMatch(/deeper than 64 levels/);
    }
    // 62 levels in the body plus Envelope and Body: exactly at the limit, still read.
    const ok = `${HEAD}${'<a>'.repeat(62)}${'</a>'.repeat(62)}${TAIL}`;
    expect(parseResponse(ok).payload?.name).toBe('a');
  });

  it('refuses an unclosed processing instruction, comment, CDATA section and start tag', () => {
    for (const broken of [
      `${HEAD}<?pi never closed`,
      `<?xml version="1.0"?><?pi ${HEAD}${TAIL}`,
      `${HEAD}<!-- never closed${TAIL}`,
      `${HEAD}<a><![CDATA[ never closed</a>${TAIL}`,
      `${HEAD}<a b="1"`,
      `${HEAD}<a b="1></a>${TAIL}`,
      `${HEAD}<a>`,
      `${HEAD}</b>${TAIL}`,
      // The fuzz case that ended as `internal` ("Pi Tag is not closed"): a cut inside the declaration.
      (() => {
        const xml = captured('amt/alarmclock/addalarm.xml');
        return `${xml.slice(0, 11)}<${xml.slice(30)}`;
      })(),
    ]) {
      expect(errorOf(() => parseResponse(broken)).code, broken).toBe('wsman.bad-xml');
    }
  });

  it('refuses a DOCTYPE, unknown entities and undeclared prefixes', () => {
    const doctype = `<!DOCTYPE x [<!ENTITY a "b">]>${HEAD}${TAIL}`;
    expect(errorOf(() => parseResponse(doctype)).message).toMatch(/DOCTYPE/);
    expect(errorOf(() => parseResponse(`${HEAD}<a>&bogus;</a>${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`${HEAD}<a>&constructor;</a>${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`${HEAD}<a>&#0;</a>${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`${HEAD}<a>a & b</a>${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`${HEAD}<q:a/>${TAIL}`)).message).toMatch(/undeclared namespace prefix "q"/);
  });

  it('refuses a second root, text outside the root and a late XML declaration', () => {
    expect(errorOf(() => parseResponse(`${HEAD}${TAIL}<x/>`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`junk${HEAD}${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse(`${HEAD}<?xml version="1.0"?>${TAIL}`)).code).toBe('wsman.bad-xml');
    expect(errorOf(() => parseResponse('')).code).toBe('wsman.bad-xml');
  });
});

describe('the limits fit every real reply', () => {
  it.each(CAPTURED_FILES)('%s parses within the limits of its kind, with a wide margin', (file) => {
    const text = captured(file);
    const enumeration = /\/(pull|enumerate)\.xml$/.test(file);
    const limits = enumeration ? ENUMERATION_REPLY_LIMITS : INSTANCE_REPLY_LIMITS;
    const s = stats(parseXml(text, limits));
    expect(text.length * 32).toBeLessThan(INSTANCE_REPLY_LIMITS.maxBytes);
    expect(s.elements * 32).toBeLessThan(INSTANCE_REPLY_LIMITS.maxElements);
    expect(s.depth * 4).toBeLessThan(limits.maxDepth);
    expect(s.attributes * 32).toBeLessThan(INSTANCE_REPLY_LIMITS.maxTotalAttributes);
  });

  it('reads a Pull of 999 software identities (far more than AMT sends in one page)', () => {
    const text = captured('cim/software/identity/pull.xml');
    const items = /<([a-z]):Items>([\s\S]*)<\/\1:Items>/.exec(text)!;
    const item = /<([a-z]):CIM_SoftwareIdentity[\s\S]*?<\/\1:CIM_SoftwareIdentity>/.exec(items[2])![0];
    const big = text.replace(items[2], item.repeat(999));
    const page = readEnumerationPage(parseResponse(big));
    expect(itemsOfClass(page.items, 'CIM_SoftwareIdentity')).toHaveLength(999);
  });

  it('picks the enumeration limits for Enumerate and Pull requests, the instance limits for the rest', () => {
    expect(replyLimitsFor(buildEnumerate('CIM_SoftwareIdentity'))).toBe(ENUMERATION_REPLY_LIMITS);
    expect(replyLimitsFor(buildPull('CIM_SoftwareIdentity', 'ctx'))).toBe(ENUMERATION_REPLY_LIMITS);
    expect(replyLimitsFor(buildGet('AMT_GeneralSettings'))).toBe(INSTANCE_REPLY_LIMITS);
    const invoke = buildEnvelope(
      'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_SetupAndConfigurationService/Unprovision',
      'AMT_SetupAndConfigurationService',
    );
    expect(replyLimitsFor(invoke)).toBe(INSTANCE_REPLY_LIMITS);
    // A method reply read with the instance limits, as the client would.
    const out = expectMethodSuccess(
      parseResponse(captured('amt/setupandconfiguration/unprovision.xml'), replyLimitsFor(invoke)),
      'AMT_SetupAndConfigurationService',
      'Unprovision',
    );
    expect(out.returnValue).toBe(0);
  });
});
