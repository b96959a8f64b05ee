import { Meteor } from 'meteor/meteor';
import { startClient } from '/imports/startup/client';

Meteor.startup(() => startClient());
