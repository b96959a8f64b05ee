import assert from 'node:assert/strict';
import { createLog, formatLogRecord } from './log';
import type { LogLevel } from './log';

function harness(outputFormat: 'json' | 'colored-text' = 'colored-text') {
  const printed: { level: LogLevel; line: string }[] = [];
  const time = new Date(2026, 11, 7, 14, 3, 5, 123);
  const log = createLog({ now: () => time, print: (level, line) => printed.push({ level, line }), outputFormat, color: false });
  return { log, printed, time };
}

describe('Log (meteor/logging)', () => {
  it('prints a string or an object as one line with level, time and fields; Log(x) is info', () => {
    const { log, printed, time } = harness();
    const offset = -time.getTimezoneOffset() / 60;
    log('starting up');
    log.warn({ message: 'disk low', free: 12 });
    log.error(new Date(0));
    assert.deepEqual(
      printed.map((p) => p.level),
      ['info', 'warn', 'error'],
    );
    assert.equal(printed[0]?.line, `I20261207-14:03:05.123(${offset}) starting up`);
    assert.equal(printed[1]?.line, `W20261207-14:03:05.123(${offset}) disk low {"free":12}`);
    assert.match(printed[2]?.line ?? '', /^E20261207-14:03:05\.123\(-?\d+(\.\d+)?\) \S/);
  });

  it('refuses fields the logger sets itself', () => {
    const { log, printed } = harness();
    assert.throws(() => log.info({ message: 'x', level: 'error' }), /Can't set 'level'/);
    assert.throws(() => log.info({ time: new Date() }), /Can't set 'time'/);
    assert.equal(printed.length, 0);
  });

  it('prints JSON when the output format says so, and parse reads it back with its time', () => {
    const { log, printed, time } = harness('json');
    log.debug({ message: 'tick', n: 1 });
    const back = log.parse(printed[0]?.line ?? '');
    assert.deepEqual(back, { message: 'tick', n: 1, level: 'debug', time });
    assert.equal(log.parse('not json'), null);
    assert.equal(log.parse('{broken'), null);
  });

  it('formats source, app and inexact times as Meteor does; objFromText marks the time inexact', () => {
    const { log } = harness();
    const record = log.objFromText('plain line', { file: 'server/main.ts', line: 3 });
    assert.equal(record.timeInexact, true);
    assert.match(formatLogRecord({ ...record, app: 'chat' }), /^I\d{8}-\d\d:\d\d:\d\d\.\d{3}\(-?[\d.]+\)\?chat \(server\/main\.ts:3\) plain line$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI escape (ESC) is what the colour option writes
    assert.match(formatLogRecord({ message: 'red', level: 'error' }, { color: true }), /\u001b\[31mred\u001b\[0m$/);
  });

  it('intercepts or suppresses the next lines for tests', () => {
    const { log, printed } = harness();
    log._intercept(2);
    log.info('a');
    log.info({ message: 'b' });
    log.info('c');
    assert.deepEqual(
      log._intercepted().map((line) => (JSON.parse(line) as { message: string }).message),
      ['a', 'b'],
    );
    assert.deepEqual(log._intercepted(), []);
    log._suppress(1);
    log.info('hidden');
    log.info('shown');
    assert.deepEqual(
      printed.map((p) => p.line.split(') ')[1]),
      ['c', 'shown'],
    );
  });
});
