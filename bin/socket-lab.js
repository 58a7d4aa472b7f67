#!/usr/bin/env node
'use strict';
// Entry point of the `socket-lab` command; the code lives in the built out/main/cli.js. The code cache
// below lives in this same file: every file a start loads costs a lookup, a read and a compile of its
// own (about 0.5 ms of a one-shot send, bench figure 4a).
const path = require('node:path');
const fs = require('node:fs');
// V8 code cache for the built CLI, written after a run rather than after compiling: it then holds every
// function that run compiled (parsing arguments, checking a command, opening a socket), which V8
// otherwise compiles anew at each start. A one-shot `socket-lab send` starts about 8 ms of CPU sooner
// than with Node's own compile cache alone (that one is made right after compiling, so it holds the
// top level of each file only; v8-compile-cache does the same). One cache per command (send, serve...),
// kept in out/main/.code-cache (the build empties out/, so a new build starts with none).
// Keyed by each file's size and modification time: V8 itself checks only the source's length.
// Where nothing can be written (a read-only install), the CLI simply runs without it.
// The CommonJS loader's class, as require('node:module') exports it, without loading that module's extras.
const Module = module.constructor;
const vm = require('node:vm');

/**
 * Compiles the files under `builtDir` through the cache of `command` from now on; files with no usable
 * cache are compiled plainly and their cache written when the process exits.
 */
function useCodeCache(builtDir, command) {
  const folder = path.join(builtDir, '.code-cache', String(command).replace(/[^\w-]/g, '_') || 'none');
  const toWrite = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (!filename.startsWith(builtDir + path.sep)) return compile.call(this, content, filename);
    let file;
    try {
      const stat = fs.statSync(filename);
      file = path.join(folder, `${path.basename(filename)}-${stat.size}-${Math.trunc(stat.mtimeMs)}.bin`);
    } catch {
      return compile.call(this, content, filename);
    }
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // None yet. A file with a real import() is left to Node: in a vm script it would need an experimental
      // hook. Checked only here: a cache is only ever made for a file that passed (the scan of a 200 KB
      // chunk costs a start about 0.15 ms).
      if (content.includes('import(')) return compile.call(this, content, filename);
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const require = (id) => this.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    require.main = process.mainModule;
    require.cache = Module._cache;
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', (code) => {
    // Only a run that did its work is worth keeping: a failed one or `send --help` compiled little of it,
    // and a cache once written is kept (a later run would lazily compile the rest every time).
    if (toWrite.length === 0 || code !== 0 || askedHelp(command)) return;
    try {
      fs.mkdirSync(folder, { recursive: true });
      for (const { file, script } of toWrite) {
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, file); // whole or not at all, whatever runs beside this one
      }
    } catch {
      // A read-only install: the next start compiles as this one did.
    }
  });
}

/** `send --help` and the like (`socket-lab --help` itself is a command of its own, cached as such). */
const askedHelp = (command) => process.argv.slice(process.argv.indexOf(command) + 1).some((a) => a === '--help' || a === '-h');

if (require.main === module) {
  const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write('socket-lab: not built yet: run "npm run build" in ' + path.join(__dirname, '..') + '\n');
    process.exit(1);
  }
  // V8's compiled code is kept between runs, in a cache made after a run (useCodeCache above). Where it
  // cannot be written, the CLI goes on without it.
  useCodeCache(path.dirname(cli), process.argv[2] ?? '');
  require(cli)
    .main(process.argv.slice(2))
    .then(() => process.exit(0));
} else {
  // Required by the code cache's tests.
  module.exports = { useCodeCache };
}
