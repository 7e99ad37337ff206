// These tests drive the real CLI against a stack of their own (a temp stack folder, moved ports):
// no global setup, so they never touch the shared stack on the default ports.
const config = require('../../jest.base.js')('integration');
delete config.globalSetup;
delete config.globalTeardown;
module.exports = { ...config, testTimeout: 180_000 };
