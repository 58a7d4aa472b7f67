// Loaded with `node --require` by tests/cli/startup.test.ts: writes every CommonJS file the process loaded to $SOCKET_LAB_LOADS at exit.
'use strict';
const fs = require('node:fs');
process.on('exit', () => fs.writeFileSync(process.env.SOCKET_LAB_LOADS, JSON.stringify(Object.keys(require.cache))));
