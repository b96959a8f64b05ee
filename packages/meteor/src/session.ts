/**
 * `meteor/session`: Meteor's `Session`, one app-wide ReactiveDict named `session` (its values
 * survive a hot code push through the dict migration, as Meteor's do).
 */
import { ReactiveDict } from '@perseid/reactive-dict';

export const Session = new ReactiveDict('session');
