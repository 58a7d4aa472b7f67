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
// V8's compiled code for the CLI is kept between runs (in the system's temp folder; Node 22.1+):
// a one-shot `send` then starts about 5 ms sooner. Where it cannot be written, Node goes on without it.
require('node:module').enableCompileCache?.();
require(cli)
  .main(process.argv.slice(2))
  .then(() => process.exit(0));
