// First: starts reading a returning person's device cache while the app below loads and connects.
import '/imports/startup/client/prefetch-device-cache';
import { Meteor } from 'meteor/meteor';
import { startClient } from '/imports/startup/client';

Meteor.startup(() => startClient());
