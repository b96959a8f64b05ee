import assert from 'node:assert/strict';
import { mergeStaticHtml } from './static-html';

describe('static-html fragments', () => {
  it('merges <head> and <body> fragments of several files, in order, with body attributes', () => {
    const merged = mergeStaticHtml([
      '<head><title>Perseid</title></head>\n<body class="app"><div id="root"></div></body>',
      '<!-- <head><title>commented out</title></head> -->\n<head>\n  <meta name="x" content="y">\n</head>',
    ]);
    assert.equal(merged.head, '<title>Perseid</title>\n<meta name="x" content="y">');
    assert.equal(merged.body, '<div id="root"></div>');
    assert.equal(merged.bodyAttributes, 'class="app"');
  });

  it('gives empty fragments when there are no files', () => {
    assert.deepEqual(mergeStaticHtml([]), { head: '', body: '', bodyAttributes: '' });
  });
});
