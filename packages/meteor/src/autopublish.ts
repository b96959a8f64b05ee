/**
 * `meteor/autopublish`: loaded on the server before the app's modules when the app lists
 * autopublish in `.meteor/packages`; every server collection defined from then on is sent whole
 * to every client (Meteor.users: other users' username and profile only).
 */
import { enableAutopublishPackage, server } from '@perseid/ddp-server';

enableAutopublishPackage(server);
