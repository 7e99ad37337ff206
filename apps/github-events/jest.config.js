// @octokit and its helpers ship ES modules only.
const esmPackages = [
  '@octokit',
  'universal-user-agent',
  'before-after-hook',
  'content-type',
  'json-with-bigint',
];
module.exports = require('../../jest.base.js')('unit', { esmPackages });
