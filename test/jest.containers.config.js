// The containers stage (scripts/containers/stage.sh): images, docker compose, Kubernetes manifests and
// monitoring files, against a Docker engine and the tools the stage provides. Not part of `test:int`
// (no local stack: no global setup); run with `pnpm --filter @tributary/system-tests test:containers`.
const base = require('../jest.base.js')('integration');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  moduleFileExtensions: base.moduleFileExtensions,
  testPathIgnorePatterns: base.testPathIgnorePatterns,
  testMatch: ['<rootDir>/containers/**/*.int-spec.ts'],
  // The compose run starts a dozen containers on two cores; each test bounds its own waits.
  testTimeout: 600_000,
};
