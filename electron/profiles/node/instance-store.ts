// Instances added by hand (`lobsterpot add --config FILE --state-dir DIR`, "Add an existing gateway…"): kept in
// `instances.json` in Lobsterpot's data dir, each with the name it was given, so the name never moves between scans.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../platform/node/fs-atomic.ts';

const INSTANCES_VERSION = 1;
const instancesFileSchema = z.object({
  version: z.literal(INSTANCES_VERSION),
  instances: z.array(z.object({ name: z.string(), configPath: z.string(), stateDir: z.string() })),
});

export type AddedInstance = z.infer<typeof instancesFileSchema>['instances'][number];

export const instancesFileOf = (dataDir: string) => join(dataDir, 'instances.json');

/** The instances added by hand; a file that cannot be read is moved aside (said through `warn`) and none are used. */
export async function readAddedInstances(
  dataDir: string,
  warn: (message: string) => void = () => {},
): Promise<AddedInstance[]> {
  const file = instancesFileOf(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  try {
    return instancesFileSchema.parse(JSON.parse(text)).instances;
  } catch (error) {
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside).catch(() => undefined);
    warn(`${file} could not be read (${(error as Error).message.split('\n')[0]}); moved to ${aside}`);
    return [];
  }
}

export async function writeAddedInstances(dataDir: string, instances: AddedInstance[]): Promise<void> {
  await writeFileAtomic(
    instancesFileOf(dataDir),
    `${JSON.stringify({ version: INSTANCES_VERSION, instances }, null, 2)}\n`,
  );
}
