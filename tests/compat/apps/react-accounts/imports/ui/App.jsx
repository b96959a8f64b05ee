import React, { useState } from 'react';
import { Meteor } from 'meteor/meteor';
import { useTracker, useSubscribe, useFind } from 'meteor/react-meteor-data';
import { TasksCollection } from '@api/tasks';

function LoginForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = (e) => {
    e.preventDefault();
    Meteor.loginWithPassword(username, password, (err) => setError(err ? err.reason : ''));
  };
  return (
    <form onSubmit={submit}>
      <label>Username <input value={username} onChange={(e) => setUsername(e.target.value)} /></label>
      <label>Password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} /></label>
      <button type="submit">Log In</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function Tasks() {
  const isLoading = useSubscribe('tasks');
  const tasks = useFind(() => TasksCollection.find({}, { sort: { createdAt: -1 } }));
  const [text, setText] = useState('');
  const add = async (e) => {
    e.preventDefault();
    if (!text) return;
    await Meteor.callAsync('tasks.insert', { text });
    setText('');
  };
  return (
    <div>
      <button onClick={() => Meteor.logout()}>Log Out</button>
      <form onSubmit={add}>
        <input aria-label="New task" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Add Task</button>
      </form>
      {isLoading() ? <p>Loading…</p> : null}
      <ul aria-label="Tasks">
        {tasks.map((task) => (
          <li key={task._id}>
            <label>
              <input type="checkbox" checked={!!task.isChecked} onChange={() => Meteor.callAsync('tasks.setIsChecked', { taskId: task._id, isChecked: !task.isChecked })} />
              {task.text}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function App() {
  const user = useTracker(() => Meteor.user());
  return <main><h1>Tasks</h1>{user ? <Tasks /> : <LoginForm />}</main>;
}
