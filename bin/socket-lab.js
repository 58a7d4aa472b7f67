#!/usr/bin/env node
'use strict';
// Entry point of the `socket-lab` command; the code lives in the built out/main/cli.js.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('socket-lab: not built yet: run "npm run build" in ' + path.join(__dirname, '..') + '\n');
  process.exit(1);
}
// V8's compiled code is kept between runs: the CLI's own files in a cache made after a run (code-cache.js),
// the libraries it loads in Node's compile cache (the system's temp folder; Node 22.1+). Where either
// cannot be written, the CLI goes on without it.
require('node:module').enableCompileCache?.();
require('./code-cache').useCodeCache(path.dirname(cli), process.argv[2] ?? '');
require(cli)
  .main(process.argv.slice(2))
  .then(() => process.exit(0));
