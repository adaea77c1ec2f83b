// ESLint (flat config): typescript-eslint's recommended rules for every TypeScript file, no import cycles in the
// library, and the target-neutral model kept free of Terraform, providers, the file system and the renderers.
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'lib/**', 'dist/**', '.gen/**', 'cdktf.out/**', '.cache/**', '**/*.d.ts', 'test/fixtures/**/cdktf.out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused names are errors, except a deliberate `_name` (rest siblings that drop a field, ignored parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests, the benchmark and the end-to-end run read JSON they did not write (synthesized stacks, REST answers,
    // plans) and load modules lazily on purpose (import cost is what the benchmark measures).
    files: ['test/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    // CommonJS run by node as it is (examples/run.js, the configs): require() is how it imports.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The model describes a cluster for every target: what it may not know about.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['cdktf', 'cdktf/*', 'constructs', '@cdktf/*'],
              message:
                'the model is target-neutral: no Terraform or provider types (they belong in src/docker, src/kubernetes or the constructs)',
            },
            {
              group: ['fs', 'node:fs', 'path', 'node:path'],
              message: 'the model reads no files: shipped scripts come through src/scripts/load.ts',
            },
            { group: ['../docker', '../docker/*', '../kubernetes', '../kubernetes/*'], message: 'the model may not import a target' },
            {
              // The constructs (src/*.ts), src/private and the shipped scripts' loader sit above the model; the public
              // option types are the constructs' (the model takes its own input types, src/model/*), and a task
              // names its script's file, which the renderers load.
              group: ['../*', '../private/*', '../scripts/*'],
              message:
                'the model imports nothing above it: not the constructs (src/*.ts), src/private or src/scripts; they use the model, not the reverse',
            },
          ],
        },
      ],
    },
  },
);
