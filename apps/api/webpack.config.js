const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api'), clean: true },
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // the spreadsheet reader's worker thread (src/households/import/sheet-reader.ts loads it by this name)
      additionalEntryPoints: [
        { entryName: 'import-worker', entryPath: 'apps/api/src/households/import/sheet.worker.ts' },
      ],
      tsConfig: './tsconfig.app.json',
      assets: [],
      optimization: false,
      outputHashing: 'none',
      // dist/apps/api/package.json (+ a pruned lock file): the API's runtime dependencies only,
      // what the production image installs. pg is loaded by TypeORM at run time (not imported).
      generatePackageJson: true,
      runtimeDependencies: ['pg'],
      sourceMap: true,
    }),
  ],
};
