import React, { useState } from 'react';
import { Routes, Route, Link as RouterLink, useParams } from 'react-router';
import { Meteor } from 'meteor/meteor';
import { useFind, useSubscribe, useTracker } from 'meteor/react-meteor-data';
import AppBar from '@mui/material/AppBar';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import Container from '@mui/material/Container';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import { CardsCollection } from '/imports/api/cards';

function Board() {
  useSubscribe('cards');
  const cards = useFind(() => CardsCollection.find({}, { sort: { createdAt: 1 } }));
  const [title, setTitle] = useState('');
  const add = async (e) => {
    e.preventDefault();
    await Meteor.callAsync('cards.add', title);
    setTitle('');
  };
  return (
    <>
      <form onSubmit={add}>
        <TextField label="Card title" value={title} onChange={(e) => setTitle(e.target.value)} size="small" />
        <Button type="submit" variant="contained">Add card</Button>
      </form>
      <List aria-label="Cards">
        {cards.map((card) => (
          <ListItemButton key={card._id} component={RouterLink} to={`/cards/${card._id}`}>
            <ListItemText primary={card.title} />
          </ListItemButton>
        ))}
      </List>
    </>
  );
}

function CardPage() {
  const { id } = useParams();
  useSubscribe('cards');
  const card = useTracker(() => CardsCollection.findOne(id), [id]);
  return (
    <>
      <Typography variant="h5" component="h2">{card ? card.title : 'Loading…'}</Typography>
      <Button component={RouterLink} to="/">Back to the board</Button>
    </>
  );
}

export function App() {
  return (
    <>
      <AppBar position="static">
        <Toolbar><Typography variant="h6" component="h1">Board</Typography></Toolbar>
      </AppBar>
      <Container>
        <Routes>
          <Route path="/" element={<Board />} />
          <Route path="/cards/:id" element={<CardPage />} />
        </Routes>
      </Container>
    </>
  );
}
