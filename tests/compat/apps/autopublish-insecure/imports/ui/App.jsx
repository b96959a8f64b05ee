import React, { useState } from 'react';
import { useTracker } from 'meteor/react-meteor-data';
import { ItemsCollection } from '/imports/api/items';

export function App() {
  // No subscription: autopublish sends every document of every collection.
  const items = useTracker(() => ItemsCollection.find({}, { sort: { name: 1 } }).fetch());
  const [name, setName] = useState('');
  const add = (e) => {
    e.preventDefault();
    // No method: insecure lets the client write directly.
    ItemsCollection.insertAsync({ name, bought: false });
    setName('');
  };
  return (
    <main>
      <h1>Shopping list</h1>
      <form onSubmit={add}>
        <input aria-label="Item" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Add item</button>
      </form>
      <ul aria-label="Items">
        {items.map((item) => (
          <li key={item._id}>
            <label>
              <input type="checkbox" checked={item.bought} onChange={() => ItemsCollection.updateAsync(item._id, { $set: { bought: !item.bought } })} />
              {item.name}
            </label>
            <button onClick={() => ItemsCollection.removeAsync(item._id)}>{`Remove ${item.name}`}</button>
          </li>
        ))}
      </ul>
    </main>
  );
}
