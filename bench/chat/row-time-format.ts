/**
 * What a message row's time costs to format in Chromium: `Date#toLocaleTimeString` with options
 * (what each row called twice until the list built its formats once) against one
 * `Intl.DateTimeFormat` built once (`imports/ui/components/date-formats.ts`). Alternating rounds
 * in one page, the first as the same-run baseline; µs per call.
 *
 *   npx tsx bench/chat/row-time-format.ts [--rounds 6] [--calls 2000]
 */
import { launchChromium } from '../../tests/e2e/support/chromium';
import { countOption } from '../option';
import { loadAverage } from './server-usage';

const rounds = countOption('rounds', 6);
const calls = countOption('calls', 2000);

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const loadBefore = loadAverage();
  // A string, not a function: the `__name` calls tsx adds to functions do not exist in the page.
  const results = (await page.evaluate(`(() => {
    const dates = Array.from({ length: ${calls} }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 61000));
    const options = { hour: '2-digit', minute: '2-digit' };
    const once = new Intl.DateTimeFormat(undefined, options);
    const time = (format) => {
      const start = performance.now();
      let length = 0;
      for (const date of dates) length += format(date).length;
      if (length === 0) throw new Error('nothing formatted');
      return ((performance.now() - start) * 1000) / dates.length;
    };
    const out = { perCall: [], once: [] };
    for (let r = 0; r < ${rounds}; r += 1) {
      out.perCall.push(time((date) => date.toLocaleTimeString(undefined, options)));
      out.once.push(time((date) => once.format(date)));
    }
    return out;
  })()`)) as { perCall: number[]; once: number[] };
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(`${new Date().toISOString()}, Chromium, ${rounds} alternating rounds of ${calls} calls; load ${loadBefore} → ${loadAverage()}`);
  console.log('| format | µs per call, median of rounds | rounds |\n|---|---|---|');
  console.log(
    `| toLocaleTimeString(undefined, { hour, minute }) (baseline) | ${median(results.perCall).toFixed(2)} | ${results.perCall.map((x) => x.toFixed(1)).join(', ')} |`,
  );
  console.log(`| one Intl.DateTimeFormat, format() | ${median(results.once).toFixed(2)} | ${results.once.map((x) => x.toFixed(1)).join(', ')} |`);
} finally {
  await browser.close();
}
