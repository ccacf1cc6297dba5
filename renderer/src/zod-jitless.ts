// zod probes `new Function` once, when its first object schema is built, to pick a faster parser; the page's CSP (no
// 'unsafe-eval') turns the probe into a logged violation. Imported before anything that builds a schema.
import { z } from 'zod';

z.config({ jitless: true });
