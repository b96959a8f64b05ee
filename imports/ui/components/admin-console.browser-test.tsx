/**
 * Chromium tests of the admin console's lists, rendered with local data only (the client
 * collections are filled directly; the admin subscriptions give a signed-out page nothing).
 */
import assert from 'node:assert/strict';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { ClientCollection } from 'meteor/mongo';
import { Invites } from '/imports/api/workspace/collection';
import type { Invite } from '/imports/api/workspace/collection';
import { people } from '/imports/ui/data/client-collections';
import { AdminInvitesSection } from './admin-invites-section';
import { AdminMembersSection } from './admin-members-section';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const invites = Invites as unknown as ClientCollection<Invite>;
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

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

function button(host: HTMLElement, name: string): HTMLButtonElement | undefined {
  return [...host.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
}

describe('AdminMembersSection in the browser', () => {
  const ids = ['adm-self', 'adm-other', 'adm-member', 'adm-gone'];
  before(() => {
    people._collection.insert({ _id: 'adm-self', username: 'zz-self', profile: { name: 'Self Admin' }, roles: ['admin'] });
    people._collection.insert({
      _id: 'adm-member',
      username: 'zz-member',
      profile: { name: 'Mia Member' },
      roles: [],
      emails: [{ address: 'mia@example.com' }],
    } as never);
    people._collection.insert({ _id: 'adm-gone', username: 'zz-gone', profile: { name: 'Gus Gone' }, roles: [], deactivated: true });
  });
  after(() => {
    for (const _id of ids) people._collection.remove({ _id });
  });

  it('shows each member’s role and state, with the actions that apply to them', async () => {
    const view = mount();
    act(() => view.root.render(<AdminMembersSection selfId="adm-self" />));
    await frame();
    const row = (id: string) => view.host.querySelector(`li[data-user-id="${id}"]`) as HTMLElement;
    assert.match(row('adm-self').textContent ?? '', /admin/);
    // No deactivating or resetting oneself; demoting oneself is for the server to refuse when last.
    assert.equal(button(row('adm-self'), 'Deactivate: Self Admin'), undefined);
    assert.ok(button(row('adm-self'), 'Remove admin: Self Admin'));
    assert.match(row('adm-member').textContent ?? '', /mia@example\.com/);
    assert.ok(button(row('adm-member'), 'Make admin: Mia Member'));
    assert.ok(button(row('adm-member'), 'Reset password: Mia Member'), 'a member with an address can be sent a reset link');
    assert.equal(row('adm-gone').dataset['deactivated'], 'true');
    assert.ok(button(row('adm-gone'), 'Reactivate: Gus Gone'));
    assert.equal(button(row('adm-gone'), 'Reset password: Gus Gone'), undefined, 'no address, no reset link');
    view.unmount();
  });

  it('asks before deactivating, says what it does, and gives the focus back on Cancel', async () => {
    const view = mount();
    act(() => view.root.render(<AdminMembersSection selfId="adm-self" />));
    await frame();
    const start = button(view.host, 'Deactivate: Mia Member');
    assert.ok(start);
    act(() => start.click());
    await frame();
    const group = view.host.querySelector('[role="group"][aria-label="Deactivate: Mia Member"]') as HTMLElement;
    assert.match(group.textContent ?? '', /Signs them out everywhere now and blocks sign-in; their messages stay/);
    assert.equal(document.activeElement?.textContent, 'Deactivate');
    act(() => button(group, 'Cancel')?.click());
    await frame();
    assert.equal(view.host.querySelector('[role="group"]'), null);
    assert.equal(document.activeElement?.getAttribute('aria-label'), 'Deactivate: Mia Member');
    view.unmount();
  });
});

describe('AdminInvitesSection in the browser', () => {
  const hour = 3_600_000;
  const base = { createdBy: 'adm-self', uses: 0, maxUses: null, revokedAt: null };
  before(() => {
    invites._collection.insert({
      ...base,
      _id: 'inv-active',
      token: 'a'.repeat(43),
      createdAt: new Date(Date.now() - 4000),
      expiresAt: new Date(Date.now() + hour),
      uses: 2,
      maxUses: 5,
    });
    invites._collection.insert({
      ...base,
      _id: 'inv-expired',
      token: 'b'.repeat(43),
      createdAt: new Date(Date.now() - 3000),
      expiresAt: new Date(Date.now() - 1000),
    });
    invites._collection.insert({
      ...base,
      _id: 'inv-used',
      token: 'c'.repeat(43),
      createdAt: new Date(Date.now() - 2000),
      expiresAt: new Date(Date.now() + hour),
      uses: 1,
      maxUses: 1,
    });
    invites._collection.insert({
      ...base,
      _id: 'inv-revoked',
      token: 'd'.repeat(43),
      createdAt: new Date(Date.now() - 1000),
      expiresAt: new Date(Date.now() + hour),
      revokedAt: new Date(),
    });
  });
  after(() => {
    invites._collection.remove({});
  });

  it('lists each link with its use count and state; revoked links cannot be revoked again', async () => {
    const view = mount();
    act(() => view.root.render(<AdminInvitesSection />));
    await frame();
    const row = (id: string) => view.host.querySelector(`li[data-invite-id="${id}"]`) as HTMLElement;
    assert.equal(row('inv-active').dataset['state'], 'active');
    assert.match(row('inv-active').textContent ?? '', /2 of 5 uses/);
    assert.equal((row('inv-active').querySelector('input') as HTMLInputElement).value.endsWith(`#/invite/${'a'.repeat(43)}`), true);
    assert.equal(row('inv-expired').dataset['state'], 'expired');
    assert.equal(row('inv-used').dataset['state'], 'used up');
    assert.match(row('inv-used').textContent ?? '', /1 of 1 uses/);
    assert.equal(row('inv-revoked').dataset['state'], 'revoked');
    assert.equal(row('inv-revoked').querySelector('button'), null);
    assert.ok(row('inv-expired').querySelector('button'), 'an expired link can still be revoked');
    // Newest first.
    assert.deepEqual(
      [...view.host.querySelectorAll('li[data-invite-id]')].map((li) => (li as HTMLElement).dataset['inviteId']),
      ['inv-revoked', 'inv-used', 'inv-expired', 'inv-active'],
    );
    view.unmount();
  });
});
