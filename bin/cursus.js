#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import('../dist/bundle/cli.mjs')
  .then((cli) => cli.main(process.argv))
  .then((code) => { process.exitCode = code; })
  .catch((error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bundle/cli.mjs')) {
      process.stderr.write('cursus: the package is not built — run `npm install` (or `npm run build`) in the package directory.\n');
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`cursus: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  });
