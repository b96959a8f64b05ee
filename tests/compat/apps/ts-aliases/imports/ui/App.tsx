import { useState, type FormEvent } from 'react';
import { Meteor } from 'meteor/meteor';
import { useFind, useSubscribe } from 'meteor/react-meteor-data';
import { LinksCollection } from '@/api/links';
import { legacyThisIsObject } from '@/ui/legacy-this';

export function App() {
  useSubscribe('links');
  const links = useFind(() => LinksCollection.find({}, { sort: { createdAt: 1 } }));
  const [title, setTitle] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    await Meteor.callAsync('links.add', title, `https://example.com/${encodeURIComponent(title)}`);
    setTitle('');
  };
  return (
    <main>
      <h1>Learn Meteor!</h1>
      <p>{legacyThisIsObject ? 'module this: object' : 'module this: missing'}</p>
      <form onSubmit={add}>
        <input aria-label="Title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit">Add link</button>
      </form>
      <ul aria-label="Links">
        {links.map((link) => (
          <li key={link._id}><a href={link.url}>{link.title}</a></li>
        ))}
      </ul>
    </main>
  );
}
