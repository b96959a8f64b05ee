import { startClient } from '/imports/startup/client';

startClient();
