// Nothing here on purpose: with autopublish and insecure, a prototype needs no publication,
// method or allow rule (Meteor's first-tutorial shape).
import '/imports/api/items';
