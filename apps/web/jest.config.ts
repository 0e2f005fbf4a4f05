/**
 * Angular ships only ES modules (.mjs). Under `--experimental-vm-modules` (how `npm test` runs
 * every project in one jest process: the API's embedded PostgreSQL is ESM) jest must load them as
 * ESM; without the flag (`nx test web`) jest-preset-angular compiles them to CommonJS. The preset
 * follows the mode the process runs in, so both commands work.
 */
const esm =
  process.execArgv.includes('--experimental-vm-modules') ||
  /--experimental-vm-modules/.test(process.env['NODE_OPTIONS'] ?? '');

const transformOptions = {
  tsconfig: '<rootDir>/tsconfig.spec.json',
  stringifyContentPathRegex: '\\.(html|svg)$',
};

export default {
  displayName: 'web',
  preset: '../../jest.preset.js',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  coverageDirectory: '../../coverage/apps/web',
  testEnvironment: 'jsdom',
  moduleFileExtensions: ['ts', 'html', 'js', 'json', 'mjs'],
  snapshotSerializers: [
    'jest-preset-angular/build/serializers/no-ng-attributes',
    'jest-preset-angular/build/serializers/ng-snapshot',
    'jest-preset-angular/build/serializers/html-comment',
  ],
  ...(esm
    ? {
        extensionsToTreatAsEsm: ['.ts'],
        moduleNameMapper: {
          '^tslib$': 'tslib/tslib.es6.js',
          '^jest-preset-angular/setup-env/zoneless$': 'jest-preset-angular/setup-env/zoneless/index.mjs',
        },
        transformIgnorePatterns: ['node_modules/(?!tslib)'],
        transform: {
          '^.+\\.(ts|js|html|svg)$': ['jest-preset-angular', { ...transformOptions, useESM: true }],
        },
      }
    : {
        transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
        transform: { '^.+\\.(ts|mjs|js|html)$': ['jest-preset-angular', transformOptions] },
      }),
};
