import { Mongo } from 'meteor/mongo';

export const PollsCollection = new Mongo.Collection('polls');
