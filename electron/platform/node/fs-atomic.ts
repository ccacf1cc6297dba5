// Whole-file writes that a crash cannot leave half done: temp file, fsync, rename.
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

// Two writes of one file in one process must not share a temp file.
let sequence = 0;

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${++sequence}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
