// zod's settings for every schema here, imported by each module that builds one (before any parse).
// jitless: zod would otherwise compile a fast path for each object schema with `new Function` on its
// first parse. A one-shot `socket-lab send` parses each command once, so that compile costs more than
// it saves (about 2 ms of its start, bench figure 4a), and the window's CSP refuses eval anyway.
import { config } from 'zod/mini';

config({ jitless: true });
