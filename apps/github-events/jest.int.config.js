const esmPackages = [
  '@octokit',
  'universal-user-agent',
  'before-after-hook',
  'content-type',
  'json-with-bigint',
];
module.exports = require('../../jest.base.js')('integration', { esmPackages });
