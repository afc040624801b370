/**
 * Namespace-aware XML reading for WS-Man replies. AMT's prefixes are generated and change between
 * normal replies and faults (wsman-amt.md §1.6, §2.1), so every element carries the namespace URI
 * its prefix resolves to, and callers match on (namespace URI, local name), never on the prefix.
 *
 * A reply comes from the network, so this is a small single-pass reader of our own rather than a
 * general parser: it checks well-formedness while it builds the tree, in one linear scan with no
 * regular expression and no recursion, and it bounds the work as well as the bytes (issue 14):
 * element count, entity references, depth, attributes per element, attribute and name length.
 * A hostile reply is refused as soon as it crosses a limit, after reading only that far. No entity
 * expansion: a DOCTYPE is refused and only the five predefined entities and character references
 * are decoded. Names never become object keys, so `__proto__` or `constructor` are plain names.
 * Every failure is an OutbandError `wsman.bad-xml` or `wsman.response-too-large`.
 */
import { OutbandError } from '../../shared/errors';
import { NS } from './namespaces';

/** One attribute with its resolved namespace ('' when unprefixed). */
export interface XmlAttribute {
  ns: string;
  name: string;
  value: string;
}

/**
 * One element: resolved namespace, local name, attributes, element children and its own text.
 * Treat the lists as read-only: elements without attributes or children share one frozen empty list.
 */
export interface XmlElement {
  ns: string;
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Concatenated text content directly inside this element (not trimmed). */
  text: string;
  /** Resolves a `prefix:local` string (like a fault subcode) against this element's scope. */
  resolveQName(qname: string): { ns: string; name: string };
}

/** How much work one document may cause. Sizes count UTF-16 code units (never more than UTF-8 bytes). */
export interface XmlLimits {
  /** Largest document; beyond it `wsman.response-too-large` before any parsing. */
  maxBytes: number;
  /** Most elements in the document (`wsman.response-too-large`). */
  maxElements: number;
  /** Most entity and character references in the document (`wsman.response-too-large`). */
  maxEntityRefs: number;
  /** Deepest element nesting, the root being depth 1 (`wsman.bad-xml`). */
  maxDepth: number;
  /** Most attributes (namespace declarations included) on one element (`wsman.bad-xml`). */
  maxAttributes: number;
  /** Longest attribute value (`wsman.bad-xml`). */
  maxAttributeLength: number;
  /** Longest element or attribute name (`wsman.bad-xml`). */
  maxNameLength: number;
  /** Most attributes in the document (`wsman.response-too-large`). */
  maxTotalAttributes: number;
  /** Most namespace declarations in scope at one element, which bounds each prefix lookup (`wsman.bad-xml`). */
  maxNamespacesInScope: number;
}

/**
 * Limits for Enumerate and Pull replies, the largest legitimate WS-Man replies. A Pull asks for at
 * most 99,999 characters (envelope.ts), which holds at most about 10,000 elements; the biggest real
 * capture is 7 KiB with about 150 elements, nesting 10 deep. So 4 MiB (the transport's cap) and
 * 50,000 elements leave a wide margin while bounding a hostile reply's tree to a few tens of MiB.
 */
export const ENUMERATION_REPLY_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxElements: 50_000,
  maxEntityRefs: 50_000,
  maxDepth: 64,
  maxAttributes: 64,
  maxAttributeLength: 8 * 1024,
  maxNameLength: 256,
  maxTotalAttributes: 50_000,
  maxNamespacesInScope: 128,
});

/**
 * Limits for every other reply (Get, Put, Create, Delete, method calls, faults): one instance or
 * one method output. The largest ones Outband reads (event and audit log pages, certificates) stay
 * well under 64 KiB, so 512 KiB and 10,000 elements are generous and bound a hostile reply to a few
 * milliseconds of work.
 */
export const INSTANCE_REPLY_LIMITS: Readonly<XmlLimits> = Object.freeze({
  ...ENUMERATION_REPLY_LIMITS,
  maxBytes: 512 * 1024,
  maxElements: 10_000,
  maxEntityRefs: 10_000,
  maxTotalAttributes: 10_000,
});

/** The limits parseXml uses when none are given: the enumeration ones, which fit every reply. */
export const DEFAULT_XML_LIMITS = ENUMERATION_REPLY_LIMITS;

/** A namespace declaration in scope; scopes share their tails, so an element holds one pointer. */
interface Binding {
  readonly prefix: string;
  readonly uri: string;
  readonly next: Binding | null;
  /** How many declarations the chain holds, which bounds every lookup. */
  readonly depth: number;
}

const XML_BINDING: Binding = { prefix: 'xml', uri: NS.xml, next: null, depth: 0 };

function lookup(scope: Binding | null, prefix: string): string | undefined {
  // Declarations are few and short-lived, so a walk beats a map; the chain is bounded by limits.
  for (let b = scope; b !== null; b = b.next) if (b.prefix === prefix) return b.uri;
  return undefined;
}

function badXml(message: string): OutbandError {
  return new OutbandError('wsman.bad-xml', `The reply is not well-formed XML: ${message}.`);
}

function undeclared(prefix: string): OutbandError {
  return new OutbandError('wsman.bad-xml', `The reply uses the undeclared namespace prefix "${prefix}".`);
}

function tooLarge(what: string, limit: number): OutbandError {
  return new OutbandError(
    'wsman.response-too-large',
    `The reply holds more than ${limit} ${what}; refused (a WS-Man reply never needs that many).`,
    { limit },
  );
}

function resolveIn(scope: Binding | null, qname: string, isAttribute: boolean): { ns: string; name: string } {
  const i = qname.indexOf(':');
  if (i < 0) return { ns: isAttribute ? '' : (lookup(scope, '') ?? ''), name: qname };
  const prefix = qname.slice(0, i);
  const ns = lookup(scope, prefix);
  if (ns === undefined) throw undeclared(prefix);
  return { ns, name: qname.slice(i + 1) };
}

/** Shared empty lists for elements without attributes or children; frozen, so never filled by mistake. */
const NO_ATTRIBUTES: XmlAttribute[] = Object.freeze([]) as unknown as XmlAttribute[];
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** The element class: resolveQName lives on the prototype, so an element costs no closure. */
class XmlNode implements XmlElement {
  children: XmlElement[] = NO_CHILDREN;
  text = '';

  constructor(
    public ns: string,
    public name: string,
    public attributes: XmlAttribute[],
    /** The namespace declarations in scope here (also the parent scope of the children). */
    readonly scope: Binding,
  ) {}

  resolveQName(qname: string): { ns: string; name: string } {
    return resolveIn(this.scope, qname.trim(), false);
  }
}

// Character classes of the ASCII range: 1 = may start a name, 2 = may continue one. Non-ASCII
// characters are accepted in names, as XML allows nearly all of them.
const NAME_START = 1;
const NAME_CHAR = 2;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) CHAR_CLASS[c] = NAME_START | NAME_CHAR;
  else if (/[0-9.-]/.test(ch)) CHAR_CLASS[c] = NAME_CHAR;
}

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOS = 0x27;
const SEMI = 0x3b;
const HASH = 0x23;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The code point of a character reference (`#65`, `#x41`), or -1 when it is not a valid XML character. */
function charRefCode(ref: string): number {
  const hex = ref.charCodeAt(1) === 0x78; // 'x'
  const digits = ref.slice(hex ? 2 : 1);
  if (digits === '' || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) return -1;
  const code = parseInt(digits, hex ? 16 : 10);
  const valid =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  return valid ? code : -1;
}

/** The text an entity or character reference (without `&` and `;`) stands for, or undefined. */
function entityText(ref: string): string | undefined {
  switch (ref) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  if (ref.charCodeAt(0) !== HASH) return undefined;
  const code = charRefCode(ref);
  return code < 0 ? undefined : String.fromCodePoint(code);
}

/** The inside of `<?xml …?>`: version, then optional encoding and standalone (white space around `=` allowed). */
const XML_DECLARATION =
  /^\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*$/;

/** Longest reference accepted between `&` and `;` (`#x` and leading zeros included). */
const MAX_REF_LENGTH = 16;

/** Decodes the predefined XML entities and numeric character references; anything else is an error. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp + 1);
    const decoded = semi > amp && semi - amp - 1 <= MAX_REF_LENGTH ? entityText(raw.slice(amp + 1, semi)) : undefined;
    if (decoded === undefined) {
      throw new OutbandError('wsman.bad-xml', `The reply uses an unknown XML entity ${raw.slice(amp, amp + 12)}.`);
    }
    out += raw.slice(from, amp) + decoded;
    from = semi + 1;
  }
  return out + raw.slice(from);
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;

/** Escapes text for use inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]) : text;
}

/** Reads one document; a new reader per document, so nothing is shared between parses. */
class Reader {
  private pos = 0;
  /** Where the next `&` is at or after the last decoded position (text.length when none): keeps decoding linear. */
  private nextAmp = -1;
  /** The same for `<`, for the check of attribute values. */
  private nextLt = -1;
  private elements = 0;
  private attributes = 0;
  private entityRefs = 0;
  // The open elements, innermost last: their qualified names and their nodes.
  private readonly openNames: string[] = [];
  private readonly openNodes: XmlNode[] = [];
  // Scratch lists for one start tag's attributes, reused from tag to tag.
  private readonly attrNames: string[] = [];
  private readonly attrValues: string[] = [];
  private attrCount = 0;

  constructor(
    private readonly text: string,
    private readonly limits: XmlLimits,
  ) {}

  /** A `wsman.bad-xml` error naming the line the reader stopped at. */
  private fail(message: string): OutbandError {
    let line = 1;
    const end = Math.min(this.pos, this.text.length);
    for (let i = this.text.indexOf('\n'); i >= 0 && i < end; i = this.text.indexOf('\n', i + 1)) line++;
    return badXml(`${message} (line ${line})`);
  }

  /**
   * Counts `<` and `&` before anything is built, without allocating: a flood of tags or references
   * is refused here at memchr speed. Every element needs one or two `<` and every reference one `&`,
   * so a real document never trips this when it fits the limits (CDATA and comments count too).
   */
  prescan(): void {
    const text = this.text;
    const { maxElements, maxEntityRefs } = this.limits;
    const maxMarkup = 2 * maxElements + 1024;
    let count = 0;
    for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
      if (++count > maxMarkup) throw tooLarge('elements', maxElements);
    }
    count = 0;
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      if (++count > maxEntityRefs) throw tooLarge('entity references', maxEntityRefs);
    }
  }

  parse(): XmlElement {
    const text = this.text;
    const length = text.length;
    const openNodes = this.openNodes;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    let root: XmlNode | undefined;
    let seenContent = false;
    while (this.pos < length) {
      const lt = text.indexOf('<', this.pos);
      const stop = lt < 0 ? length : lt;
      const top = openNodes.length > 0 ? openNodes[openNodes.length - 1] : undefined;
      if (stop > this.pos) {
        if (top) top.text += this.decode(this.pos, stop);
        else this.expectSpace(this.pos, stop);
        this.pos = stop;
      }
      if (lt < 0) break;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.endTag();
      } else if (next === BANG) {
        this.markup(top);
      } else if (next === QUESTION) {
        this.processingInstruction(seenContent);
      } else {
        if (!top && root) throw this.fail('content after the root element');
        const element = this.startTag(top);
        if (!top) root = element;
      }
      seenContent = true;
    }
    if (openNodes.length > 0) {
      throw this.fail(`the element <${this.openNames[this.openNames.length - 1]}> is not closed`);
    }
    if (!root) throw badXml('there is no root element');
    return root;
  }

  /** Outside the root only white space may stand between markup. */
  private expectSpace(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (!isSpace(this.text.charCodeAt(i))) {
        this.pos = i;
        throw this.fail('text outside the root element');
      }
    }
  }

  /** Text from..to with its references decoded. */
  private decode(from: number, to: number): string {
    const text = this.text;
    if (this.nextAmp < from) {
      const amp = text.indexOf('&', from);
      this.nextAmp = amp < 0 ? text.length : amp;
    }
    if (this.nextAmp >= to) return text.slice(from, to);
    let out = '';
    let start = from;
    while (this.nextAmp < to) {
      const amp = this.nextAmp;
      if (++this.entityRefs > this.limits.maxEntityRefs) throw tooLarge('entity references', this.limits.maxEntityRefs);
      let semi = amp + 1;
      const last = Math.min(to, amp + 2 + MAX_REF_LENGTH);
      while (semi < last && text.charCodeAt(semi) !== SEMI) semi++;
      const decoded = semi < last ? entityText(text.slice(amp + 1, semi)) : undefined;
      if (decoded === undefined) {
        this.pos = amp;
        throw this.fail(`unknown or unterminated entity reference "${text.slice(amp, Math.min(to, amp + 12))}"`);
      }
      out += text.slice(start, amp) + decoded;
      start = semi + 1;
      const nextAmp = text.indexOf('&', start);
      this.nextAmp = nextAmp < 0 ? text.length : nextAmp;
    }
    return out + text.slice(start, to);
  }

  /** Reads a name at the current position; fails when there is none or it is too long. */
  private name(what: string): string {
    const text = this.text;
    const start = this.pos;
    const first = text.charCodeAt(start);
    if (!(first >= 128 || (CHAR_CLASS[first] & NAME_START) !== 0)) throw this.fail(`expected ${what}`);
    const max = Math.min(text.length, start + this.limits.maxNameLength + 1);
    let i = start + 1;
    let colon = -1;
    for (; i < max; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && (CHAR_CLASS[c] & NAME_CHAR) === 0) break;
      if (c === COLON) {
        if (colon >= 0) throw this.fail(`a name with two colons`);
        colon = i;
      }
    }
    if (i - start > this.limits.maxNameLength) {
      throw this.fail(`a name longer than ${this.limits.maxNameLength} characters`);
    }
    if (first === COLON || colon === i - 1) throw this.fail('a name that starts or ends with a colon');
    this.pos = i;
    return text.slice(start, i);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private startTag(parent: XmlNode | undefined): XmlNode {
    const text = this.text;
    const limits = this.limits;
    if (++this.elements > limits.maxElements) throw tooLarge('elements', limits.maxElements);
    if (this.openNodes.length >= limits.maxDepth) {
      throw this.fail(`elements nest deeper than ${limits.maxDepth} levels`);
    }
    this.pos++; // '<'
    const qname = this.name('an element name');
    const names = this.attrNames;
    const values = this.attrValues;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = text.charCodeAt(this.pos);
      if (c === GT) {
        this.pos++;
        break;
      }
      if (c === SLASH && text.charCodeAt(this.pos + 1) === GT) {
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (this.pos >= text.length) throw this.fail(`the start tag <${qname}> is not closed`);
      if (!spaced) throw this.fail(`expected white space, ">" or "/>" in the start tag <${qname}>`);
      if (count >= limits.maxAttributes) {
        throw this.fail(`the element <${qname}> has more than ${limits.maxAttributes} attributes`);
      }
      if (++this.attributes > limits.maxTotalAttributes) throw tooLarge('attributes', limits.maxTotalAttributes);
      const name = this.name('an attribute name');
      this.skipSpace();
      if (text.charCodeAt(this.pos) !== EQUALS) throw this.fail(`the attribute ${name} has no "=" and value`);
      this.pos++;
      this.skipSpace();
      const quote = text.charCodeAt(this.pos);
      if (quote !== QUOTE && quote !== APOS) throw this.fail(`the value of the attribute ${name} is not quoted`);
      const open = this.pos + 1;
      const close = text.indexOf(quote === QUOTE ? '"' : "'", open);
      if (close < 0) throw this.fail(`the value of the attribute ${name} is not closed`);
      if (close - open > limits.maxAttributeLength) {
        throw this.fail(`the attribute ${name} is longer than ${limits.maxAttributeLength} characters`);
      }
      if (this.nextLt < open) {
        const lt = text.indexOf('<', open);
        this.nextLt = lt < 0 ? text.length : lt;
      }
      if (this.nextLt < close) {
        this.pos = this.nextLt;
        throw this.fail(`the attribute ${name} contains "<"`);
      }
      for (let i = 0; i < count; i++) if (names[i] === name) throw this.fail(`the attribute ${name} appears twice`);
      values[count] = this.decode(open, close);
      names[count] = name;
      count++;
      this.pos = close + 1;
    }
    this.attrCount = count;
    const element = this.build(qname, parent);
    if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [element];
      else parent.children.push(element);
    }
    if (!selfClosing) {
      this.openNames.push(qname);
      this.openNodes.push(element);
    }
    return element;
  }

  /** Makes the element of a start tag: namespace declarations first, then the names they resolve. */
  private build(qname: string, parent: XmlNode | undefined): XmlNode {
    const names = this.attrNames;
    const values = this.attrValues;
    const count = this.attrCount;
    let scope = parent ? parent.scope : XML_BINDING;
    let plain = 0;
    for (let i = 0; i < count; i++) {
      const name = names[i];
      if (name.charCodeAt(0) === 0x78 && (name === 'xmlns' || name.startsWith('xmlns:'))) {
        const prefix = name.length === 5 ? '' : name.slice(6);
        if (prefix !== '' && values[i] === '') {
          throw this.fail(`the namespace prefix "${prefix}" is bound to an empty URI`);
        }
        if (prefix === 'xmlns') throw this.fail('the prefix "xmlns" cannot be declared');
        const depth = scope.depth + 1;
        if (depth > this.limits.maxNamespacesInScope) {
          throw this.fail(`more than ${this.limits.maxNamespacesInScope} namespace declarations in scope`);
        }
        scope = { prefix, uri: values[i], next: scope, depth };
      } else {
        plain++;
      }
    }
    const colon = qname.indexOf(':');
    let ns: string | undefined;
    let name = qname;
    if (colon < 0) {
      ns = lookup(scope, '') ?? '';
    } else {
      const prefix = qname.slice(0, colon);
      if (prefix === 'xmlns') throw this.fail(`the element name <${qname}> uses the reserved prefix xmlns`);
      ns = lookup(scope, prefix);
      if (ns === undefined) throw undeclared(prefix);
      name = qname.slice(colon + 1);
    }
    let attributes = NO_ATTRIBUTES;
    if (plain > 0) {
      attributes = [];
      for (let i = 0; i < count; i++) {
        const raw = names[i];
        if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue;
        const resolved = resolveIn(scope, raw, true);
        for (const a of attributes) {
          if (a.ns === resolved.ns && a.name === resolved.name) {
            throw this.fail(`the attribute ${resolved.name} appears twice in one namespace`);
          }
        }
        attributes.push({ ns: resolved.ns, name: resolved.name, value: values[i] });
      }
    }
    return new XmlNode(ns, name, attributes, scope);
  }

  private endTag(): void {
    const text = this.text;
    this.pos += 2; // '</'
    const expected = this.openNames.pop();
    this.openNodes.pop();
    if (expected === undefined) throw this.fail('an end tag without a start tag');
    const qname = this.name('an element name');
    if (qname !== expected) throw this.fail(`</${qname}> closes <${expected}>`);
    this.skipSpace();
    if (text.charCodeAt(this.pos) !== GT) throw this.fail(`the end tag </${qname}> is not closed`);
    this.pos++;
  }

  /** `<!--…-->`, `<![CDATA[…]]>` (only inside the root); a DOCTYPE or anything else is refused. */
  private markup(top: XmlNode | undefined): void {
    const text = this.text;
    if (text.startsWith('<!--', this.pos)) {
      const end = text.indexOf('-->', this.pos + 4);
      if (end < 0) throw this.fail('a comment is not closed');
      this.pos = end + 3;
    } else if (text.startsWith('<![CDATA[', this.pos)) {
      if (!top) throw this.fail('CDATA outside the root element');
      const end = text.indexOf(']]>', this.pos + 9);
      if (end < 0) throw this.fail('a CDATA section is not closed');
      top.text += text.slice(this.pos + 9, end);
      this.pos = end + 3;
    } else if (text.slice(this.pos, this.pos + 9).toUpperCase() === '<!DOCTYPE') {
      throw new OutbandError('wsman.bad-xml', 'The reply contains a DOCTYPE; refused (no entity expansion).');
    } else {
      throw this.fail('unexpected markup after "<!"');
    }
  }

  /** `<?target …?>`: skipped; the XML declaration only at the very start. */
  private processingInstruction(seenContent: boolean): void {
    const text = this.text;
    this.pos += 2; // '<?'
    const target = this.name('a processing instruction target');
    if (target.toLowerCase() === 'xml' && (seenContent || target !== 'xml')) {
      throw this.fail('an XML declaration that is not at the start');
    }
    const end = text.indexOf('?>', this.pos);
    if (end < 0) throw this.fail(`the processing instruction <?${target} is not closed`);
    if (end > this.pos && !isSpace(text.charCodeAt(this.pos))) throw this.fail(`a malformed <?${target}`);
    if (target === 'xml' && (end - this.pos > 200 || !XML_DECLARATION.test(text.slice(this.pos, end)))) {
      throw this.fail('a malformed XML declaration');
    }
    this.pos = end + 2;
  }
}

/**
 * Parses an XML document into its root element, within limits (default: the enumeration limits).
 * Refuses DOCTYPEs, malformed input and anything beyond a limit with a typed WS-Man error.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (text.length > limits.maxBytes) {
    throw new OutbandError(
      'wsman.response-too-large',
      `The reply is larger than ${limits.maxBytes} bytes; refused (a WS-Man reply of this kind never needs that much).`,
      { limit: limits.maxBytes },
    );
  }
  const reader = new Reader(text, limits);
  reader.prescan();
  return reader.parse();
}

/** The first child element with this namespace and local name. */
export function childElement(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name && c.ns === ns) return c;
  return undefined;
}

/** All child elements with this namespace and local name, in document order. */
export function childElements(el: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name && c.ns === ns) : [];
}

/** The value of an attribute by local name (and namespace, '' for unprefixed). */
export function attributeValue(el: XmlElement, name: string, ns = ''): string | undefined {
  for (const a of el.attributes) if (a.name === name && a.ns === ns) return a.value;
  return undefined;
}
