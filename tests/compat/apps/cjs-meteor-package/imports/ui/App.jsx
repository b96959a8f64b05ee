import React, { useState } from 'react';
import { Meteor } from 'meteor/meteor';
import { useFind, useSubscribe } from 'meteor/react-meteor-data';
import { Entries, meteorInstance } from 'compat-guestbook';
import { SignatureCount } from 'compat-ts-widgets';

const allEntries = () => Entries.find();

export function App() {
  useSubscribe('guestbook');
  const entries = useFind(() => Entries.find({}, { sort: { signedAt: 1 } }));
  const [name, setName] = useState('');
  const sign = async (e) => {
    e.preventDefault();
    await Meteor.callAsync('guestbook.sign', name);
    setName('');
  };
  return (
    <main>
      <h1>Guestbook</h1>
      <p>{meteorInstance === Meteor ? 'one Meteor' : 'two Meteors'}</p>
      <form onSubmit={sign}>
        <input aria-label="Your name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Sign</button>
      </form>
      <SignatureCount cursor={allEntries} />
      <ul aria-label="Signatures">
        {entries.map((entry) => <li key={entry._id}>{entry.name}</li>)}
      </ul>
    </main>
  );
}
