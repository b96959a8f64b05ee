/** `meteor/autoupdate` in the browser and on Cordova: follows the published client versions. */
export * from '@perseid/autoupdate';
