// biome-ignore-all lint/correctness/noComponentHookFactories: the fake hooks close over each test's data on purpose
/**
 * Chromium tests of the tricky components, rendered with React into the test page with local
 * data only (the client collections are filled directly, no server involved).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { channelMembers, people } from '/imports/ui/data/client-collections';
import { MarkdownView } from '/imports/ui/markdown/markdown-view';
import { drafts } from '/imports/ui/state/drafts';
import { outbox } from '/imports/ui/state/outbox';
import { Composer } from './composer';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function mount(): { host: HTMLDivElement; root: Root; unmount(): void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  return {
    host,
    root,
    unmount: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

/** Polls until `predicate` holds (the page may be slow under load); fails naming `what`. */
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

describe('MarkdownView in the browser (injection attempts)', () => {
  const attacks = [
    '<img src=x onerror="window.__pwned=1">',
    '<script>window.__pwned=1</script>',
    '[click](javascript:window.__pwned=1)',
    '[x](data:text/html,<script>alert(1)</script>)',
    '**<b onmouseover="window.__pwned=1">bold</b>**',
    '```\n</code></pre><img src=x onerror=window.__pwned=1>\n```',
    '> <iframe src="javascript:alert(1)"></iframe>',
  ];

  for (const source of attacks) {
    it(`renders ${JSON.stringify(source.slice(0, 40))} as text, never as markup`, async () => {
      const view = mount();
      act(() => view.root.render(<MarkdownView source={source} />));
      await frame();
      const el = view.host;
      assert.equal(el.querySelectorAll('img, script, iframe, b').length, 0);
      for (const a of el.querySelectorAll('a')) assert.match(a.getAttribute('href') ?? '', /^https?:/);
      for (const node of el.querySelectorAll('*')) {
        for (const attr of node.getAttributeNames()) assert.ok(!attr.startsWith('on'), `event handler attribute ${attr}`);
      }
      assert.equal((window as { __pwned?: number }).__pwned, undefined);
      view.unmount();
    });
  }

  it('still renders the safe subset as formatting', () => {
    const view = mount();
    act(() => view.root.render(<MarkdownView source={'**b** _i_ ~~s~~ `c` [l](https://example.com)'} />));
    assert.equal(view.host.querySelector('strong')?.textContent, 'b');
    assert.equal(view.host.querySelector('em')?.textContent, 'i');
    assert.equal(view.host.querySelector('s')?.textContent, 's');
    assert.equal(view.host.querySelector('code')?.textContent, 'c');
    assert.equal(view.host.querySelector('a')?.getAttribute('rel'), 'noopener noreferrer nofollow');
    view.unmount();
  });
});

describe('Composer in the browser', () => {
  const channelId = 'composer-test';
  before(() => {
    people._collection.insert({ _id: 'u-ana', username: 'ana', profile: { name: 'Ana Lovelace' } });
    people._collection.insert({ _id: 'u-andy', username: 'andy', profile: { name: 'Andy Pham' } });
    // What channels.members would have sent for this channel.
    for (const userId of ['u-self', 'u-ana', 'u-andy']) channelMembers._collection.insert({ _id: `${channelId}:${userId}`, channelId, userId });
  });
  after(() => {
    people._collection.remove({ _id: { $in: ['u-ana', 'u-andy'] } });
    channelMembers._collection.remove({ channelId });
    outbox.remove({ channelId });
  });

  it('Enter sends (optimistically, into the outbox) and clears the draft; Shift+Enter does not send', async () => {
    const view = mount();
    act(() => view.root.render(<Composer channelId={channelId} threadId={null} placeholder="Message #t" selfId="u-self" disabledReason={null} />));
    const input = view.host.querySelector('textarea') as HTMLTextAreaElement;
    act(() => drafts.set(channelId, 'first line'));
    await frame();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true }));
    assert.equal(outbox.find({ channelId }).count(), 0);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await frame();
    const sent = outbox.find({ channelId }).fetch();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.text, 'first line');
    assert.equal(drafts.get(channelId), '');
    view.unmount();
  });

  it('offers channel members for @mentions and inserts the chosen username', async () => {
    const view = mount();
    act(() => view.root.render(<Composer channelId={channelId} threadId={null} placeholder="Message #t" selfId="u-self" disabledReason={null} />));
    const input = view.host.querySelector('textarea') as HTMLTextAreaElement;
    act(() => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
      setter?.call(input, 'hi @an');
      input.setSelectionRange(6, 6);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await frame();
    const options = [...view.host.querySelectorAll('[role="option"]')].map((o) => o.textContent ?? '');
    assert.equal(options.length, 2);
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    await frame();
    assert.match(drafts.get(channelId) ?? '', /^hi @(ana|andy) $/);
    assert.equal(outbox.find({ channelId }).count(), 1, 'choosing a mention must not send');
    view.unmount();
  });
});
