import { createRoot } from 'react-dom/client';
import { Meteor } from 'meteor/meteor';
import { startAccounts } from 'meteor/accounts-base';
import { AppShell } from 'meteor/autoupdate';
import { installAppMethodHost } from '/imports/startup/method-host';
import '/imports/startup/register-api';
import { App } from '/imports/ui/app';
import { installCordovaBackButton } from '/imports/ui/hooks/use-back-closes';
import { trackKeyboardInset } from '/imports/ui/hooks/keyboard-inset';
import '/imports/ui/styles/app.css';
import { sendMessage } from '/imports/api/messages/methods';
import { startOfflineSync } from '/imports/ui/state/offline-sync';
import { restoreRefused } from '/imports/ui/state/outbox';

/** Client start-up: method stubs, the stored login, then the app in `#react-target`. */
export function startClient(): void {
  // A production build's service worker keeps the built client on the device: a reload with no network still opens the chat.
  AppShell.enable();
  installAppMethodHost();
  startAccounts();
  // After the stored login is presented: kept calls replay behind its resume, as this user.
  startOfflineSync((failure) => {
    if (failure.method !== sendMessage.name) return;
    const reason = (failure.error as { reason?: unknown }).reason;
    restoreRefused(failure.params, typeof reason === 'string' ? reason : 'Not sent');
  });
  trackKeyboardInset();
  if (Meteor.isCordova) installCordovaBackButton();
  const mount = (): void => {
    const target = document.getElementById('react-target');
    if (target === null) throw new Error('client/main.html must contain <div id="react-target">');
    createRoot(target).render(<App />);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
}
