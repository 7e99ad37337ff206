#!/usr/bin/env node
// A committed shim, so pnpm can link the bin at install time, before the package is built.
require('../dist/write-start-script.js');
