// What `lobsterpot export` prints: the folder, its files (the secret ones marked), the notes, and the command to run
// next. Never a token: the result carries none.
import type { ExportResult } from '../contract/contract.ts';

const what = { compose: 'a Compose project', kubernetes: 'a Kustomize tree' } as const;

/** The command that starts what was written. */
export function nextCommand(result: ExportResult): string {
  return result.format === 'compose'
    ? `docker compose -f ${result.directory}/docker-compose.yml up -d`
    : `kubectl apply -k ${result.directory}`;
}

export function exportText(result: ExportResult): string {
  return [
    `Wrote ${what[result.format]} for ${result.profiles.join(', ')} to ${result.directory}:`,
    ...result.files.map((file) => `  ${file}${file.endsWith('.env') ? '  (gateway token, mode 0600)' : ''}`),
    '',
    'Notes:',
    ...result.notes.map((note) => `  - ${note}`),
    '',
    `Next: ${nextCommand(result)}`,
  ].join('\n');
}
