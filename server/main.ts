import { startServer } from '/imports/startup/server';

startServer();
