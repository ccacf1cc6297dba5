import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('crash policy', () => {
  it('logs an unhandled rejection and an uncaught exception with context and keeps the process running (one ended it silently)', async () => {
    const policy = new URL('./crash-policy.ts', import.meta.url).href;
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { installCrashPolicy } = await import(${JSON.stringify(policy)});
         installCrashPolicy('test-supervisor');
         Promise.reject(new Error('nobody caught this'));
         setTimeout(() => { throw new Error('thrown in a timer'); }, 10);
         setTimeout(() => { console.log('still supervising'); process.exit(0); }, 200);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('still supervising');
    expect(stderr).toMatch(
      /test-supervisor: an unhandled promise rejection \(still running\): Error: nobody caught this/,
    );
    expect(stderr).toMatch(/test-supervisor: an uncaught exception \(still running\): Error: thrown in a timer/);
  });
});
