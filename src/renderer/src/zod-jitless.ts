// Imported first by main.tsx: zod (which the shared contract brings into the window) probes for
// eval with `new Function` unless told not to, and the window's CSP rightly refuses eval, so each
// load logged a CSP violation. The window parses little, so zod's compiled fast path is not missed.
import { config } from 'zod/mini';

config({ jitless: true });
