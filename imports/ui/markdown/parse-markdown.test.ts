import assert from 'node:assert/strict';
import { extractMentions, parseInline, parseMarkdown, safeHref, type ParseMeter } from './parse-markdown';

describe('parseMarkdown', () => {
  const inlineCases: Array<[string, unknown]> = [
    ['plain', [{ type: 'text', text: 'plain' }]],
    ['**bold**', [{ type: 'strong', children: [{ type: 'text', text: 'bold' }] }]],
    [
      '*it* and _it_',
      [
        { type: 'em', children: [{ type: 'text', text: 'it' }] },
        { type: 'text', text: ' and ' },
        { type: 'em', children: [{ type: 'text', text: 'it' }] },
      ],
    ],
    ['~~gone~~', [{ type: 'strike', children: [{ type: 'text', text: 'gone' }] }]],
    ['`a **b**`', [{ type: 'code', text: 'a **b**' }]],
    ['snake_case_name', [{ type: 'text', text: 'snake_case_name' }]],
    ['2 * 3 * 4', [{ type: 'text', text: '2 * 3 * 4' }]],
    ['\\*not em\\*', [{ type: 'text', text: '*not em*' }]],
    [
      '**bold _and em_**',
      [
        {
          type: 'strong',
          children: [
            { type: 'text', text: 'bold ' },
            { type: 'em', children: [{ type: 'text', text: 'and em' }] },
          ],
        },
      ],
    ],
    [
      'see https://example.com/a?b=1.',
      [
        { type: 'text', text: 'see ' },
        { type: 'link', href: 'https://example.com/a?b=1', children: [{ type: 'text', text: 'https://example.com/a?b=1' }] },
        { type: 'text', text: '.' },
      ],
    ],
    ['[docs](https://example.com)', [{ type: 'link', href: 'https://example.com/', children: [{ type: 'text', text: 'docs' }] }]],
    [
      'hi @ada.',
      [
        { type: 'text', text: 'hi ' },
        { type: 'mention', username: 'ada' },
        { type: 'text', text: '.' },
      ],
    ],
    ['mail me@example.com', [{ type: 'text', text: 'mail me@example.com' }]],
    ['a\nb', [{ type: 'text', text: 'a' }, { type: 'break' }, { type: 'text', text: 'b' }]],
  ];
  for (const [source, expected] of inlineCases) {
    it(`parses ${JSON.stringify(source)}`, () => {
      assert.deepEqual(parseInline(source), expected);
    });
  }

  it('never turns a javascript: or data: link into a link', () => {
    for (const source of ['[x](javascript:alert(1))', '[x](data:text/html,<script>alert(1)</script>)', '[x](JaVaScRiPt:alert(1))']) {
      const nodes = parseInline(source);
      assert.ok(
        nodes.every((n) => n.type !== 'link'),
        source,
      );
    }
    assert.equal(safeHref('javascript:alert(1)'), null);
    assert.equal(safeHref('vbscript:x'), null);
    assert.equal(safeHref('mailto:a@b.c'), 'mailto:a@b.c');
  });

  it('keeps HTML as text', () => {
    assert.deepEqual(parseInline('<img src=x onerror=alert(1)>'), [{ type: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('parses fenced code blocks, quotes and paragraphs', () => {
    const blocks = parseMarkdown('hello\n\n```ts\nconst a = 1;\n**no**\n```\n> quoted *em*\n> more\nafter');
    assert.deepEqual(blocks, [
      { type: 'paragraph', children: [{ type: 'text', text: 'hello' }] },
      { type: 'code', lang: 'ts', text: 'const a = 1;\n**no**' },
      {
        type: 'quote',
        children: [
          {
            type: 'paragraph',
            children: [
              { type: 'text', text: 'quoted ' },
              { type: 'em', children: [{ type: 'text', text: 'em' }] },
              { type: 'break' },
              { type: 'text', text: 'more' },
            ],
          },
        ],
      },
      { type: 'paragraph', children: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('treats an unterminated fence as text', () => {
    assert.deepEqual(parseMarkdown('```\nno end'), [
      { type: 'paragraph', children: [{ type: 'text', text: '```' }, { type: 'break' }, { type: 'text', text: 'no end' }] },
    ]);
  });

  it('bounds nesting on hostile input', () => {
    const deep = `${'>'.repeat(5000)} x`;
    assert.doesNotThrow(() => parseMarkdown(deep));
    const stars = `${'**'.repeat(5000)}x${'**'.repeat(5000)}`;
    assert.doesNotThrow(() => parseInline(stars));
  });

  // Inputs that made the parser search from every opener to the end of the message. The meter
  // counts every character or line any loop or lookup table visits (each a constant amount of
  // work): it must stay within a constant times the input length, and grow in proportion to it.
  const hostile: Array<[string, (k: number) => string]> = [
    ['unclosed _ emphasis', (k) => '_a '.repeat(k)],
    ['unclosed * emphasis', (k) => '*a '.repeat(k)],
    ['unclosed ** and ~~', (k) => '**a ~~b '.repeat(k)],
    ['nested delimiters', (k) => `${'**_~~*'.repeat(k)}x`],
    ['open brackets', (k) => '[a]('.repeat(k)],
    ['backticks', (k) => '`a '.repeat(k)],
    ['bare URLs that are not valid', (k) => '!http://['.repeat(k)],
    ['unterminated fences', (k) => '```a\n'.repeat(k)],
    ['a fence line of spaces', (k) => `\`\`\`${' '.repeat(k)}x`],
  ];
  for (const [name, make] of hostile) {
    it(`parses ${name} in steps linear in the length`, () => {
      const small = make(2_666);
      const large = make(4 * 2_666);
      const meterSmall: ParseMeter = { steps: 0 };
      const meterLarge: ParseMeter = { steps: 0 };
      parseMarkdown(small, meterSmall);
      parseMarkdown(large, meterLarge);
      assert.ok(meterSmall.steps >= small.length / 4, `the meter counts the work (${meterSmall.steps} steps for ${small.length} characters)`);
      assert.ok(meterSmall.steps <= 8 * small.length, `${meterSmall.steps} steps for ${small.length} characters`);
      assert.ok(meterLarge.steps <= 4.2 * meterSmall.steps, `4x the input took ${(meterLarge.steps / meterSmall.steps).toFixed(2)}x the steps`);
    });
  }

  it('still parses the hostile inputs as before: unclosed delimiters stay text', () => {
    assert.deepEqual(parseInline('_a '.repeat(2_666)), [{ type: 'text', text: '_a '.repeat(2_666) }]);
    assert.deepEqual(parseInline(`_a ${'*a '.repeat(1_000)}b_`), [{ type: 'em', children: [{ type: 'text', text: `a ${'*a '.repeat(1_000)}b` }] }]);
  });

  it('leaves a bare URL longer than 2,048 characters as text', () => {
    const long = `https://example.com/${'a'.repeat(2_100)}`;
    assert.deepEqual(parseInline(long), [{ type: 'text', text: long }]);
    const fits = `https://example.com/${'a'.repeat(2_000)}`;
    assert.equal(parseInline(fits)[0]?.type, 'link');
  });

  it('extracts mentions once each, lower-cased, ignoring code', () => {
    assert.deepEqual(extractMentions('@Ada and @bob, again @ada `@carol`'), ['ada', 'bob']);
  });
});
