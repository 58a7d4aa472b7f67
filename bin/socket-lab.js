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
require(cli)
  .main(process.argv.slice(2))
  .then(() => process.exit(0));
