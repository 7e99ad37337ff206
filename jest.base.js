// One jest configuration for every package: swc transpiles (tsc typechecks separately), unit tests
// live beside the code as *.spec.ts, integration tests as *.int-spec.ts against the real local stack.
const path = require('node:path');

const swc = [
  require.resolve('@swc/jest'),
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

/** @param {'unit' | 'integration'} kind */
module.exports = function jestConfig(kind) {
  const common = {
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': swc },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  };
  if (kind === 'unit') {
    // Generous: `./tributary test` runs lint, typecheck and every package's tests at once on two cores.
    return { ...common, testMatch: ['<rootDir>/src/**/*.spec.ts'], testTimeout: 30_000 };
  }
  return {
    ...common,
    testMatch: ['<rootDir>/**/*.int-spec.ts'],
    globalSetup: path.join(__dirname, 'packages/local-stack/dist/jest-global-setup.js'),
    globalTeardown: path.join(__dirname, 'packages/local-stack/dist/jest-global-teardown.js'),
    testTimeout: 120_000,
  };
};
