import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/bundle/**',
      'packages/cli/bin/**',
      'node_modules/**',
      '.cache/**',
      'test/fixtures/plugins/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      // Typed errors from @skiff/contracts carry a stable code; bare Error is for tests only.
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Error']",
          message: 'Throw a typed error from @skiff/contracts.',
        },
      ],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-len': [
        'error',
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreComments: false,
        },
      ],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'scripts/**', '**/testing/**'],
    rules: { 'no-restricted-syntax': 'off', 'max-lines-per-function': 'off', 'no-console': 'off' },
  },
  {
    // Plugins never print; the CLI's ux layer is the only code that writes to the terminal.
    files: ['plugins/**/*.ts', 'packages/core/**/*.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'stdout' }] },
  },
);
