// Exclusive locks between Lobsterpot processes (proper-lockfile: an atomic mkdir, refreshed while held, taken over
// once stale when its holder died), one per profile, so two CLI commands never act on one profile at once.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export type Release = () => Promise<void>;

/** Waits up to `waitMs` for the lock on `name` under `<dataDir>/locks`; throws when it stays held. */
export async function lockProfile(dataDir: string, name: string, waitMs = 180_000): Promise<Release> {
  const dir = join(dataDir, 'locks');
  await mkdir(dir, { recursive: true });
  const stepMs = 100;
  const release = await lockfile
    .lock(join(dir, name), {
      realpath: false,
      stale: 10_000,
      retries: { retries: Math.ceil(waitMs / stepMs), factor: 1, minTimeout: stepMs, maxTimeout: stepMs },
      // A lock lost while held (the machine slept past `stale`) must not throw out of a timer: the job carries on.
      onCompromised: () => undefined,
    })
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOCKED')
        throw new Error(`another Lobsterpot process has been acting on ${name} for over ${waitMs / 1000} s`);
      throw error;
    });
  return () => release().catch(() => undefined);
}
