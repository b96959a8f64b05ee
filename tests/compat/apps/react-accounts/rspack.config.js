// Meteor 3.4 apps configure the rspack package here; this one declares one alias, used by the UI.
const path = require('node:path');
const { defineConfig } = require('@meteorjs/rspack');

module.exports = defineConfig(() => ({
  resolve: {
    alias: { '@api': path.resolve(__dirname, 'imports/api') },
  },
}));
