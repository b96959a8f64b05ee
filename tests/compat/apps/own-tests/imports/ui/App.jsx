import React from 'react';
import { Meteor } from 'meteor/meteor';
import { useFind, useSubscribe } from 'meteor/react-meteor-data';
import { PollsCollection } from '/imports/api/polls';

export function App() {
  useSubscribe('polls');
  const polls = useFind(() => PollsCollection.find());
  return (
    <main>
      <h1>Votes</h1>
      {polls.map((poll) => (
        <section key={poll._id} aria-label={poll.question}>
          <h2>{poll.question}</h2>
          <button onClick={() => Meteor.callAsync('polls.vote', poll._id, 'yes')}>Yes</button>
          <button onClick={() => Meteor.callAsync('polls.vote', poll._id, 'no')}>No</button>
          <p role="status">{`${poll.yes} yes, ${poll.no} no`}</p>
        </section>
      ))}
    </main>
  );
}
