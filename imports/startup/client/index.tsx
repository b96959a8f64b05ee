import { createRoot } from 'react-dom/client';
import { Meteor } from 'meteor/meteor';
import { startAccounts } from 'meteor/accounts-base';
import { installAppMethodHost } from '/imports/startup/method-host';
import '/imports/startup/register-api';
import { App } from '/imports/ui/app';
import { installCordovaBackButton } from '/imports/ui/hooks/use-back-closes';
import { trackKeyboardInset } from '/imports/ui/hooks/keyboard-inset';
import '/imports/ui/styles/app.css';

/** Client start-up: method stubs, the stored login, then the app in `#react-target`. */
export function startClient(): void {
  installAppMethodHost();
  startAccounts();
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
