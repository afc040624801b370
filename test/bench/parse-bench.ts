/**
 * The WS-Man reply parsing benchmark (`node scripts/bench.mjs --only parse`). It times
 * `parseResponse` (electron/wsman/response.ts) on real captured replies, on a Pull of 999 items and
 * on hostile replies under the 4 MiB byte cap (issue 14: sibling and entity floods, deep nesting,
 * and the largest reply the limits still let through), and prints for each the time per parse,
 * the heap it grew by, and the outcome (ok or the error code).
 *
 * For comparison it times fast-xml-parser's validator plus its parser with the options Outband used
 * before (the old path, without the tree it then built, so the old cost is understated), unless
 * `--no-baseline` is given: on the hostile replies that takes seconds. Nothing here fails on
 * speed; the exit code is non-zero only when something throws unexpectedly.
 *
 * Options: `--json` (machine-readable), `--no-baseline`, `--min-ms N` (time spent per case,
 * default 300).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildGet, parseResponse } from '../../electron/wsman';
import { replyLimitsFor } from '../../electron/wsman/response';
import { ENUMERATION_REPLY_LIMITS, type XmlLimits } from '../../electron/wsman/xml';
import { OutbandError } from '../../shared/errors';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const SOAP = 'http://www.w3.org/2003/05/soap-envelope';
const HEAD = `<s:Envelope xmlns:s="${SOAP}"><s:Header/><s:Body>`;
const TAIL = '</s:Body></s:Envelope>';

/** The captures folder: ../shared/fixtures/wsman/captured beside the project, from the source or the bundle. */
function capturedDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../..', '../..', '..']) {
    const dir = resolve(here, up, '../shared/fixtures/wsman/captured');
    try {
      readFileSync(join(dir, 'amt/general/get.xml'));
      return dir;
    } catch {
      // try the next level
    }
  }
  throw new Error('The captured replies (shared/fixtures/wsman/captured) were not found.');
}

interface Case {
  name: string;
  text: string;
  limits: Readonly<XmlLimits>;
}

function cases(): Case[] {
  const dir = capturedDir();
  const cap = (rel: string) => readFileSync(join(dir, rel), 'utf8');
  const instance = replyLimitsFor(buildGet('AMT_GeneralSettings'));
  const pull = cap('cim/software/identity/pull.xml');
  const items = /<([a-z]):Items>([\s\S]*)<\/\1:Items>/.exec(pull)!;
  const item = /<([a-z]):CIM_SoftwareIdentity[\s\S]*?<\/\1:CIM_SoftwareIdentity>/.exec(items[2])![0];
  const fill = (unit: string, bytes: number) =>
    HEAD + unit.repeat(Math.floor((bytes - HEAD.length - TAIL.length) / unit.length)) + TAIL;
  const maxElements = ENUMERATION_REPLY_LIMITS.maxElements - 10;
  const all: Case[] = [
    { name: 'Get reply (AMT_GeneralSettings, 2.6 KiB)', text: cap('amt/general/get.xml'), limits: instance },
    {
      name: 'Invoke reply (GetRecords)',
      text: cap('amt/messagelog/getrecords.xml'),
      limits: instance,
    },
    { name: 'Pull reply (11 software identities)', text: pull, limits: ENUMERATION_REPLY_LIMITS },
    {
      name: 'Pull of 999 software identities',
      text: pull.replace(items[2], item.repeat(999)),
      limits: ENUMERATION_REPLY_LIMITS,
    },
    { name: 'hostile: 3.9 MiB of <a/> siblings', text: fill('<a/>', 3.9 * MiB), limits: ENUMERATION_REPLY_LIMITS },
    {
      name: 'hostile: 3.9 MiB of &amp; references',
      text: `${HEAD}<a>${'&amp;'.repeat(Math.floor((3.9 * MiB) / 5))}</a>${TAIL}`,
      limits: ENUMERATION_REPLY_LIMITS,
    },
    {
      name: 'hostile: 100,000 levels of nesting',
      text: `${HEAD}${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}${TAIL}`,
      limits: ENUMERATION_REPLY_LIMITS,
    },
    {
      name: `hostile: ${maxElements} elements, the most the limits let through`,
      text: HEAD + '<h:P xmlns:h="urn:x">12345678</h:P>'.repeat(maxElements) + TAIL,
      limits: ENUMERATION_REPLY_LIMITS,
    },
    {
      name: 'hostile: 3.9 MiB reply to a Get (instance limits)',
      text: fill('<a/>', 3.9 * MiB),
      limits: instance,
    },
  ];
  // Decoded from bytes, as the transport hands replies over: one flat string, not a rope of pieces.
  return all.map((c) => ({ ...c, text: new TextDecoder().decode(Buffer.from(c.text)) }));
}

// The options of the old path (fast-xml-parser), for the baseline.
const oldParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  removeNSPrefix: false,
  maxNestedTags: 64,
});

function oldPath(text: string): unknown {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(valid.err.msg);
  return oldParser.parse(text);
}

interface Measure {
  /** Microseconds per parse (median of the runs). */
  micros: number;
  runs: number;
  /** Heap grown by one parse before any collection (MiB): what it allocated, kept or not. */
  heapMiB: number;
  outcome: string;
}

function outcomeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof OutbandError) return err.code;
    return `untyped: ${err instanceof Error ? err.message.slice(0, 60) : String(err)}`;
  }
}

function measure(fn: () => unknown, minMs: number, maxRuns: number): Measure {
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const outcome = outcomeOf(fn);
  const times = [performance.now() - start];
  const heapMiB = Math.max(0, process.memoryUsage().heapUsed - before) / MiB;
  while (times.length < maxRuns && (times.length < 3 || performance.now() - start < minMs)) {
    const t0 = performance.now();
    outcomeOf(fn);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { micros: times[Math.floor(times.length / 2)] * 1000, runs: times.length, heapMiB, outcome };
}

function main(): void {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const baseline = !argv.includes('--no-baseline');
  const minIdx = argv.indexOf('--min-ms');
  const minMs = minIdx >= 0 ? Number(argv[minIdx + 1]) : 300;
  const all = cases();
  // Warm-up, so that the first case is not timed while the code is still being compiled.
  for (const c of all.filter((x) => !x.name.startsWith('hostile'))) {
    for (let i = 0; i < 200; i++) {
      outcomeOf(() => parseResponse(c.text, c.limits));
      if (baseline && i < 20) outcomeOf(() => oldPath(c.text));
    }
  }
  const rows = all.map((c) => {
    const now = measure(() => parseResponse(c.text, c.limits), minMs, 100_000);
    const hostile = c.name.startsWith('hostile');
    const old = baseline ? measure(() => oldPath(c.text), hostile ? 0 : minMs, hostile ? 1 : 100_000) : undefined;
    return {
      case: c.name,
      bytes: c.text.length,
      outband: now,
      oldPath: old,
      speedup: old ? old.micros / now.micros : undefined,
    };
  });
  const envelope = measure(() => buildGet('AMT_GeneralSettings', { InstanceID: 'x' }), minMs, 1_000_000);
  if (json) {
    process.stdout.write(`${JSON.stringify({ rows, buildGetMicros: envelope.micros }, null, 2)}\n`);
    return;
  }
  const fmt = (m: Measure | undefined) =>
    m ? `${m.micros >= 1000 ? `${(m.micros / 1000).toFixed(1)} ms` : `${m.micros.toFixed(1)} µs`}` : '-';
  const heap = (m: Measure | undefined) => (m ? `${m.heapMiB.toFixed(1)} MiB` : '-');
  process.stdout.write('WS-Man reply parsing (median per parse; heap grown by one parse, before any collection)\n\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.case} [${(r.bytes / 1024).toFixed(0)} KiB]\n` +
        `  outband: ${fmt(r.outband)}, ${heap(r.outband)}, ${r.outband.outcome}\n` +
        (r.oldPath
          ? `  old path (fast-xml-parser validate+parse): ${fmt(r.oldPath)}, ${heap(r.oldPath)}, ${r.oldPath.outcome}` +
            `  -> ${r.speedup!.toFixed(1)}x\n`
          : ''),
    );
  }
  process.stdout.write(`\nbuildGet: ${fmt(envelope)} per envelope\n`);
}

main();
