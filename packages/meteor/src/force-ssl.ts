/**
 * `meteor/force-ssl`: loaded on the server, before the app's modules, when the app lists
 * force-ssl in `.meteor/packages`. Every HTTP request that is neither local nor secure is sent
 * to HTTPS (see force-ssl-redirect), and `Meteor.absoluteUrl()` answers `https://` for any host
 * but localhost. Like Meteor's, it does not touch WebSocket upgrades.
 */
import { Meteor } from '@perseid/meteor-core';
import { HEALTH_PATH, WebApp } from '@perseid/webapp';
import { forceSslRedirect } from './force-ssl-redirect';

Meteor.absoluteUrl.defaultOptions.secure = true;
WebApp.rawHandlers.use(forceSslRedirect(() => Meteor.absoluteUrl(), [HEALTH_PATH]));
