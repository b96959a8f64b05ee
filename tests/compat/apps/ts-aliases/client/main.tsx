import { createRoot } from 'react-dom/client';
import { Meteor } from 'meteor/meteor';
import { App } from '@/ui/App';
import '@/ui/legacy-this';

Meteor.startup(() => {
  const target = document.getElementById('react-target');
  if (target) createRoot(target).render(<App />);
});
