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

/**
 * @param {'unit' | 'integration'} kind
 * @param {{ esmPackages?: string[] }} [options] ESM-only dependencies (e.g. @octokit): Node 24
 *   requires them natively, jest's module system does not, so jest transpiles them with swc too.
 */
module.exports = function jestConfig(kind, options = {}) {
  const esm = options.esmPackages ?? [];
  const common = {
    testEnvironment: 'node',
    transform: esm.length > 0 ? { '^.+\\.(ts|m?js)$': swc } : { '^.+\\.ts$': swc },
    ...(esm.length > 0
      ? { transformIgnorePatterns: [`/node_modules/(?!.*(${esm.join('|')}))`] }
      : {}),
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
