import { createRoot } from 'react-dom/client';
import { Meteor } from 'meteor/meteor';
import { HelloPage } from '/imports/startup/client/hello-page';

/** Mounts the app into the static-html `#react-target` (called from Meteor.startup: DOM ready). */
export function startClient(): void {
  const target = document.getElementById('react-target');
  if (target === null) throw new Error('client/main.html must contain <div id="react-target">');
  createRoot(target).render(<HelloPage rootUrl={Meteor.absoluteUrl()} />);
}
