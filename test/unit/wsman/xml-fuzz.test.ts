// Fuzzing the WS-Man reply reader (issue 14 item 2): random documents round-trip, and mutated real
// replies or hostile token soup end either in a result or in a typed wsman error, never `internal`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  faultError,
  itemsOfClass,
  parseResponse,
  readEnumerationPage,
  readFault,
  readInstance,
  readMethodOutput,
} from '../../../electron/wsman';
import { elementToObject } from '../../../electron/wsman/values';
import { escapeXml, INSTANCE_REPLY_LIMITS, parseXml, type XmlElement } from '../../../electron/wsman/xml';
import { OutbandError } from '../../../shared/errors';
import { captured } from './helpers/fixtures';
import { CAPTURED_FILES } from './helpers/captures';

// Names a JavaScript object has already, and ordinary ones.
const NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'Item', 'Name', 'x', 'ÄÖ'];
const URIS = ['urn:one', 'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_X', 'urn:__proto__'];

interface Tree {
  prefix: string;
  uri: string;
  name: string;
  attrs: { name: string; value: string }[];
  prefixedAttr?: string;
  /** Text pieces around the children: pieces[i] comes before children[i]. */
  pieces: string[];
  children: Tree[];
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
/** Trees up to `depth` levels below the root, at most 3 children each. */
function treeOf(depth: number): fc.Arbitrary<Tree> {
  return fc
    .record({
      prefix: fc.constantFrom('', 'a', 'b'),
      uri: fc.constantFrom(...URIS),
      name: fc.constantFrom(...NAMES),
      attrs: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMES), value: text }), {
        selector: (a) => a.name,
        maxLength: 3,
      }),
      prefixedAttr: fc.option(text, { nil: undefined }),
      children: depth === 0 ? fc.constant<Tree[]>([]) : fc.array(treeOf(depth - 1), { maxLength: 3 }),
      extra: fc.array(text, { minLength: 4, maxLength: 4 }),
    })
    .map(({ extra, ...t }) => ({ ...t, pieces: extra.slice(0, t.children.length + 1) }));
}
const tree = treeOf(3);

function serialize(t: Tree): string {
  const qname = t.prefix ? `${t.prefix}:${t.name}` : t.name;
  const decl = t.prefix ? `xmlns:${t.prefix}="${escapeXml(t.uri)}"` : `xmlns="${escapeXml(t.uri)}"`;
  const attrs = t.attrs.map((a) => ` ${a.name}='${escapeXml(a.value)}'`).join('');
  const prefixed = t.prefixedAttr === undefined ? '' : ` xmlns:p="urn:attr" p:v="${escapeXml(t.prefixedAttr)}"`;
  let body = '';
  t.children.forEach((c, i) => {
    body += escapeXml(t.pieces[i] ?? '') + (i % 2 ? `<!-- c -->` : '') + serialize(c);
  });
  body += escapeXml(t.pieces[t.children.length] ?? '');
  return `<${qname} ${decl}${attrs}${prefixed}>${body}</${qname}>`;
}

interface Plain {
  ns: string;
  name: string;
  attributes: { ns: string; name: string; value: string }[];
  text: string;
  children: Plain[];
}

const expected = (t: Tree): Plain => ({
  ns: t.uri,
  name: t.name,
  attributes: [
    ...t.attrs.map((a) => ({ ns: '', name: a.name, value: a.value })),
    ...(t.prefixedAttr === undefined ? [] : [{ ns: 'urn:attr', name: 'v', value: t.prefixedAttr }]),
  ],
  text: t.pieces.slice(0, t.children.length + 1).join(''),
  children: t.children.map(expected),
});

const plain = (el: XmlElement): Plain => ({
  ns: el.ns,
  name: el.name,
  attributes: el.attributes.map((a) => ({ ns: a.ns, name: a.name, value: a.value })),
  text: el.text,
  children: el.children.map(plain),
});

/** Everything a reply goes through in Outband: parse, fault, and the readers of each kind. */
function readAll(xml: string): void {
  const resp = parseResponse(xml);
  const fault = readFault(resp);
  if (fault) faultError(fault, 500);
  const attempts = [
    () => readInstance(resp, 'AMT_GeneralSettings'),
    () => itemsOfClass(readEnumerationPage(resp).items, 'CIM_SoftwareIdentity'),
    () => readMethodOutput(resp, 'AMT_SetupAndConfigurationService', 'Unprovision'),
    () => resp.payload && elementToObject(resp.payload),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch (err) {
      if (!(err instanceof OutbandError && /^(wsman|amt)\./.test(err.code))) throw err;
    }
  }
}

/** 'ok' or the wsman error code; anything else thrown fails the property with that error. */
function outcome(xml: string): string {
  try {
    readAll(xml);
    return 'ok';
  } catch (err) {
    if (err instanceof OutbandError && err.code.startsWith('wsman.')) return err.code;
    throw err;
  }
}

// Fragments that break XML in the ways fuzzing found, and some more.
const HOSTILE = [
  '<',
  '>',
  '&',
  '&amp;',
  '&#x41;',
  '&#xD800;',
  '&bogus;',
  '&constructor;',
  '<?pi',
  '<?pi ?>',
  '<?xml version="1.0"?>',
  '<!--',
  '-->',
  '<!-- c -->',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x>',
  '<__proto__>',
  '</__proto__>',
  '<constructor/>',
  '<prototype a="1" a="2"/>',
  '<x:y/>',
  'xmlns:q=""',
  '<a xmlns:a="urn:a">',
  '</a>',
  '"',
  "'",
  '=',
  ':',
  '<a:',
  '\u0000',
  '\ufeff',
  '<a>'.repeat(70),
];

const mutation = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 20 }),
  insert: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })),
});

describe('the XML reader on generated documents', () => {
  it('reads back every generated document exactly: names, namespaces, attributes, text', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const root = parseXml(`<?xml version="1.0" encoding="utf-8"?>\n${serialize(t)}\n`, INSTANCE_REPLY_LIMITS);
        expect(plain(root)).toEqual(expected(t));
      }),
      { numRuns: 400 },
    );
  });
});

describe('fuzzed replies end in a result or a typed wsman error', () => {
  it('holds for real captures with random cuts and insertions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CAPTURED_FILES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (file, ms) => {
          let xml = captured(file);
          for (const m of ms) {
            const at = m.at % (xml.length + 1);
            xml = xml.slice(0, at) + m.insert + xml.slice(at + m.remove);
          }
          outcome(xml);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('holds for token soup inside an envelope', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.constantFrom(...NAMES), fc.string()), {
      maxLength: 30,
    });
    const S = 'http://www.w3.org/2003/05/soap-envelope';
    fc.assert(
      fc.property(soup, (tokens) => {
        outcome(`<s:Envelope xmlns:s="${S}"><s:Body>${tokens.join('')}</s:Body></s:Envelope>`);
        outcome(tokens.join(''));
      }),
      { numRuns: 1500 },
    );
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });

  it('holds for generated documents inside an envelope, with their prototype names', () => {
    const S = 'http://www.w3.org/2003/05/soap-envelope';
    fc.assert(
      fc.property(tree, (t) => {
        expect(outcome(`<s:Envelope xmlns:s="${S}"><s:Body>${serialize(t)}</s:Body></s:Envelope>`)).toBe('ok');
      }),
      { numRuns: 300 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('Item');
  });
});
