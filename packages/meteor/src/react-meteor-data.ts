/** `meteor/react-meteor-data`: Meteor's react-meteor-data package, implemented by @perseid/react-meteor-data. */
export * from '@perseid/react-meteor-data';
