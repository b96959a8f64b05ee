import React, { useState } from 'react';
import { Meteor } from 'meteor/meteor';
import { useFind, useSubscribe } from 'meteor/react-meteor-data';
import { NotesCollection } from '/imports/api/notes';

export function App() {
  useSubscribe('notes');
  const notes = useFind(() => NotesCollection.find({}, { sort: { createdAt: 1 } }));
  const [text, setText] = useState('');
  const add = async (e) => {
    e.preventDefault();
    await Meteor.callAsync('notes.add', text);
    setText('');
  };
  return (
    <main className="mx-auto max-w-xl p-4">
      <h1 className="text-2xl font-bold text-brand">Notes</h1>
      <form onSubmit={add} className="flex gap-2">
        <input aria-label="Note" className="border rounded px-2" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="bg-brand text-white rounded px-3">Add note</button>
      </form>
      <ul aria-label="Notes" className="mt-4 space-y-1">
        {notes.map((note) => <li key={note._id} className="rounded bg-gray-100 p-2">{note.text}</li>)}
      </ul>
    </main>
  );
}
