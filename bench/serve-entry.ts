// What bin/lobsterpot.js runs on Node 24, as one module for rolldown to bundle (bench/idle.ts measures the bundle).
import { run } from '../electron/cli/main.ts';

process.exitCode = await run(process.argv.slice(2));
