// Asks Mermaid's own parser whether it accepts each file as a flowchart.
//
//   node mermaid-verdict.mjs FILE...        check the files named
//   node mermaid-verdict.mjs - < list       check one path per line of standard input
//
// Prints one JSON line per file, in input order, and nothing else on stdout:
//   {"file":"a.flow","valid":true,"error":null}
// `valid` is true only when `mermaid.parse` succeeds and detects a flowchart (`flowchart-v2`,
// `flowchart` or `flowchart-elk`); `error` is the first line of Mermaid's message otherwise.
// Exit status: 0 every file accepted, 1 some file rejected, 2 usage error or unreadable file.
// MERMAID_VERDICT_DEBUG=1 lets Mermaid's logging through to stderr.

import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

const FLOWCHART_TYPES = new Set(['flowchart-v2', 'flowchart', 'flowchart-elk']);
// Mermaid's defaults; set again before every file so no file's verdict depends on the ones
// before it. `logLevel: 'fatal'` because the parser logs at debug and info level.
const CONFIG = { startOnLoad: false, logLevel: 'fatal' };

// stdout carries only the JSON lines: console output from Mermaid or its dependencies is
// dropped (or sent to stderr when debugging). This must happen before Mermaid is imported,
// because its logger binds the console methods when it loads.
const debug = process.env.MERMAID_VERDICT_DEBUG === '1';
for (const name of ['log', 'info', 'debug', 'warn', 'error', 'trace']) {
  console[name] = debug ? (...args) => process.stderr.write(args.join(' ') + '\n') : () => {};
}
const write = (line) => process.stdout.write(line + '\n');

// Mermaid needs a DOM even to parse (DOMPurify sanitises labels), and DOMPurify looks for
// `window` when its module loads, so the globals go in before the dynamic import.
const { JSDOM, VirtualConsole } = await import('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  pretendToBeVisual: true,
  virtualConsole: new VirtualConsole(),
});
for (const name of ['window', 'document', 'navigator', 'Element', 'HTMLElement', 'Node', 'DOMParser']) {
  // Newer Node versions define `navigator` as a getter; defineProperty replaces it all the same.
  Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true });
}
const { default: mermaid } = await import('mermaid');

async function verdict(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { file, valid: false, error: `cannot read the file: ${err.message}`, unreadable: true };
  }
  try {
    mermaid.initialize(CONFIG);
    const result = await mermaid.parse(text, { suppressErrors: false });
    if (!FLOWCHART_TYPES.has(result?.diagramType)) {
      return { file, valid: false, error: `not a flowchart: Mermaid detected "${result?.diagramType}"` };
    }
    return { file, valid: true, error: null };
  } catch (err) {
    const message = String(err?.message ?? err).split('\n')[0];
    return { file, valid: false, error: message };
  }
}

async function* inputs(args) {
  for (const arg of args) {
    if (arg !== '-') {
      yield arg;
      continue;
    }
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (line !== '') yield line;
    }
  }
}

const args = process.argv.slice(2);
if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
  process.stderr.write('usage: node mermaid-verdict.mjs FILE... | -   (one path per line on stdin)\n');
  process.exit(args.length === 0 ? 2 : 0);
}

let status = 0;
// One file at a time: mermaid.parse queues its calls anyway, and the order stays the input's.
for await (const file of inputs(args)) {
  const { unreadable, ...result } = await verdict(file);
  write(JSON.stringify(result));
  if (unreadable) status = 2;
  else if (!result.valid && status === 0) status = 1;
}
process.exitCode = status;
