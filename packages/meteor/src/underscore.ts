/** `meteor/underscore`: Meteor's underscore package is the underscore library, exported as `_`. */
import _ from 'underscore';

export { _ };
