// Shared flat config: typed linting so floating promises and unsafe `any` are caught everywhere.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

/** @param {string} tsconfigRootDir the package folder (pass __dirname) */
module.exports = function tributaryConfig(tsconfigRootDir) {
  return tseslint.config(
    // bin/: committed one-line shims that load dist/ (linked by pnpm before the build exists).
    { ignores: ['dist/**', 'coverage/**', 'bin/**', '*.config.*', 'eslint.config.js'] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
        '@typescript-eslint/only-throw-error': 'error',
        'no-console': 'error',
      },
    },
    {
      files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
      rules: {
        '@typescript-eslint/unbound-method': 'off',
        // jest's asymmetric matchers (expect.any, objectContaining) are typed `any`.
        '@typescript-eslint/no-unsafe-assignment': 'off',
      },
    },
  );
};
