/**
 * Per-message Markdown parse time on worst-case inputs beside typical chat messages: the current
 * parser against the parser at an earlier commit (default 1d4fca4, the last one whose parser
 * searched from every opener), both loaded into this process and run on the same inputs, in
 * alternating order. Also checks that both give the same tree for every input.
 *
 * Run: node --import tsx bench/markdown/parse-cost.ts [--before <git ref>] [--rounds 9]
 */
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseMarkdown as currentParse } from '../../imports/ui/markdown/parse-markdown';
import { countOption, option } from '../option';

type Parse = (source: string) => unknown;

const beforeRef = option('before', '1d4fca4');
const rounds = countOption('rounds', 9);

async function loadParserAt(ref: string): Promise<Parse> {
  const source = execFileSync('git', ['show', `${ref}:imports/ui/markdown/parse-markdown.ts`], { encoding: 'utf8' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'markdown-before-'));
  const file = path.join(dir, 'parse-markdown.ts');
  fs.writeFileSync(file, source);
  const module = (await import(pathToFileURL(file).href)) as { parseMarkdown: Parse };
  fs.rmSync(dir, { recursive: true, force: true });
  return module.parseMarkdown;
}

const typical: Array<[string, string]> = [
  ['short text', 'sounds good, see you at 3'],
  ['bold, italic, mention', '**heads up** @ada the _deploy_ is *done*'],
  ['link and bare URL', 'notes are in [the doc](https://example.com/notes) and https://example.com/b?x=1.'],
  ['inline code, snake_case', 'call `fetch_user_by_id(id)` not fetch_user — it is ~~slow~~ deprecated'],
  ['quote and code block', '> what does this do?\n> really\n\n```ts\nconst a = parse(b);\n```\nthat parses b'],
  [
    '500-char paragraph',
    'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(4),
  ],
];

const longUrl = `https://example.com/${'a'.repeat(1_950)}`;
const worst: Array<[string, string]> = [
  ['"_a " x 2,666 (unclosed _)', '_a '.repeat(2_666)],
  ['"*a " x 2,666 (unclosed *)', '*a '.repeat(2_666)],
  ['"**a ~~b " x 1,333', '**a ~~b '.repeat(1_333)],
  ['"[" x 8,000 (nested [)', '['.repeat(8_000)],
  ['"[a](" x 2,000', '[a]('.repeat(2_000)],
  ['"`a " x 2,666 (backticks)', '`a '.repeat(2_666)],
  ['long links: 4 x [x](2,000-char href)', `[x](${longUrl}) `.repeat(4)],
  ['"!http://[" x 888 (bare URLs, invalid)', '!http://['.repeat(888)],
  ['"```a\\n" x 1,600 (unterminated fences)', '```a\n'.repeat(1_600)],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Median per-message wall time: each round times a batch of parses (enough for ~2 ms, so short
 * messages are not lost in the timer's resolution), the two parsers alternating which goes first.
 */
function measure(source: string, before: Parse, after: Parse): { before: number; after: number } {
  const single = (parse: Parse): number => {
    const start = performance.now();
    parse(source);
    return performance.now() - start;
  };
  single(before);
  single(after);
  const batch = Math.max(1, Math.ceil(2 / Math.max(0.001, Math.min(single(before), single(after)))));
  const times = { before: [] as number[], after: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const order: Array<['before' | 'after', Parse]> =
      r % 2 === 0
        ? [
            ['before', before],
            ['after', after],
          ]
        : [
            ['after', after],
            ['before', before],
          ];
    for (const [name, parse] of order) {
      const start = performance.now();
      for (let k = 0; k < batch; k++) parse(source);
      times[name].push((performance.now() - start) / batch);
    }
  }
  return { before: median(times.before), after: median(times.after) };
}

function formatMs(ms: number): string {
  return ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`;
}

const before = await loadParserAt(beforeRef);
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
console.log(`date ${new Date().toISOString()}, commit ${commit}, before = parser at ${beforeRef}, node ${process.version}, ${os.cpus().length} cores`);
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`per message: median of ${rounds} rounds, each timing a batch of parses of ~2 ms or more\n`);
// Warm-up: both parsers see every input before anything is timed, so the optimising compiler
// has settled on code that has seen all the message shapes.
for (const [, source] of typical) for (let k = 0; k < 3_000; k++) (k % 2 === 0 ? before : currentParse)(source);
for (const [, source] of worst) {
  before(source);
  currentParse(source);
}
console.log(`| message | chars | before (${beforeRef}) | after (${commit}) | before / after | same tree |`);
console.log('|---|---|---|---|---|---|');
for (const [group, inputs] of [
  ['typical', typical],
  ['worst case', worst],
] as const) {
  for (const [name, source] of inputs) {
    let same = 'yes';
    try {
      assert.deepEqual(currentParse(source), before(source));
    } catch {
      same = 'no';
    }
    const { before: b, after: a } = measure(source, before, currentParse);
    console.log(`| ${group}: ${name} | ${source.length} | ${formatMs(b)} | ${formatMs(a)} | ${(b / a).toFixed(1)}x | ${same} |`);
  }
}
// The reported page: a channel opening on 40 such messages parses them all at once.
const channel = Array.from({ length: 40 }, () => '_a '.repeat(2_666));
const whole = (parse: Parse): number => {
  const start = performance.now();
  for (const message of channel) parse(message);
  return performance.now() - start;
};
whole(before);
whole(currentParse);
console.log(`\n40 messages of "_a " x 2,666 (one channel opening): before ${formatMs(whole(before))}, after ${formatMs(whole(currentParse))}`);
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
