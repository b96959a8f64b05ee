// Written the way older Meteor code is: module-level `this` is Meteor's module object.
this.legacyLoaded = true;
export const legacyThisIsObject = typeof this === 'object' && this !== null;
