// Classic Meteor style: the packages' globals (Meteor, Mongo, Tracker, check), no meteor/* imports.
export const Things = new Mongo.Collection('things');

Meteor.methods({
  async 'things.add'(label) {
    check(label, String);
    return Things.insertAsync({ label, at: new Date() });
  },
});
