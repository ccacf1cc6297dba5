// The Export dialog as data: which profiles of which host, the arguments `fleet.export` takes, what the default folder
// is, and the result in lines a person reads. Pure.
import {
  checkWith,
  commandSchemas,
  type CommandArgs,
  type ExportFormat,
  type ExportResult,
} from '../../electron/contract/contract.ts';
import { withoutEcho } from './hosts-model.ts';

export const FORMAT_WORDS: Record<ExportFormat, string> = {
  compose: 'Docker Compose',
  kubernetes: 'Kubernetes',
};

/** What an export covers: one profile (from its Manage tab), or every profile of a host (empty list). */
export interface ExportScope {
  /** null: this host. */
  host: string | null;
  profiles: readonly string[];
}

export function scopeText(scope: ExportScope): string {
  const where = scope.host === null ? 'this host' : `host ${scope.host}`;
  if (!scope.profiles.length) return `every profile that is set up on ${where}`;
  const names = scope.profiles.join(', ');
  return `${scope.profiles.length === 1 ? 'profile' : 'profiles'} ${names} on ${where}`;
}

/** Where the files go when no folder is given, as the contract says (on the host that exports). */
export function defaultOutputText(format: ExportFormat, host: string | null): string {
  const where = host === null ? "Lobsterpot's data folder" : `Lobsterpot's data folder on ${host}`;
  return `Empty: a new folder exports/${format}-<date and time> in ${where}.`;
}

export interface ExportForm {
  format: ExportFormat;
  output: string;
  force: boolean;
}

export type ExportCheck =
  { ok: true; args: CommandArgs<'fleet.export'> } | { ok: false; field: 'output' | 'format'; error: string };

/** The form checked by the contract's own schema; an empty folder means the default one. */
export function checkExportForm(form: ExportForm, scope: ExportScope): ExportCheck {
  const output = form.output.trim();
  const args: CommandArgs<'fleet.export'> = {
    format: form.format,
    profiles: [...scope.profiles],
    force: form.force,
    ...(output ? { output } : {}),
  };
  const checked = checkWith(commandSchemas['fleet.export'], args);
  if (checked.ok) return { ok: true, args };
  const problem = checked.problems[0] ?? checked.error;
  const [field = '', ...rest] = problem.split(': ');
  return field === 'format' || field === 'output'
    ? { ok: false, field, error: withoutEcho(rest.join(': ')) }
    : { ok: false, field: 'output', error: problem };
}

/** The result in a few lines: how many files where, for which profiles. */
export function resultHeadline(result: ExportResult): string {
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
  return `${FORMAT_WORDS[result.format]}: wrote ${files} for ${result.profiles.join(', ') || 'no profile'}.`;
}
