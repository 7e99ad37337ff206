module.exports = {
  ...require('../jest.base.js')('integration'),
  // test/containers runs in the containers stage with its own config (jest.containers.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/containers/'],
};
