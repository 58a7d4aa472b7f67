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
// V8's compiled code is kept between runs, in a cache made after a run (code-cache.js). Where it cannot be
// written, the CLI goes on without it.
require('./code-cache').useCodeCache(path.dirname(cli), process.argv[2] ?? '');
require(cli)
  .main(process.argv.slice(2))
  .then(() => process.exit(0));
