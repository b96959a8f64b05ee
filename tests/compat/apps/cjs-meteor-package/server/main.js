import 'compat-guestbook';
