// Exit 78 has more than one meaning in OpenClaw: a config error (`doctor --fix` can repair it), a state database
// written by a newer build (a newer OpenClaw or a restore can), another process owning the state, or a healthy
// gateway already running under a service. Told apart by what the gateway printed (OpenClaw's own words for each
// stay the same across the messages it adds around them); only the first is offered the doctor. Pure.
import { openclawHint } from '../../openclaw/common/hint.ts';
import { DEFAULT_PROFILE } from '../../profiles/common/names.ts';

export type Exit78Kind = 'config' | 'newer-schema' | 'state-in-use' | 'under-service';

export interface Exit78 {
  kind: Exit78Kind;
  /** The exit's meaning, as an exit record says it: "config error (exit 78)". */
  meaning: string;
  /** What it means and what to do, for a person. */
  advice: string;
}

/** The meaning of a config error: the one the doctor is offered for (also what records written before said). */
export const CONFIG_ERROR_MEANING = 'config error (exit 78)';

const MEANINGS: Record<Exit78Kind, string> = {
  config: CONFIG_ERROR_MEANING,
  'newer-schema': 'state newer than this OpenClaw (exit 78)',
  'state-in-use': 'state in use by another OpenClaw process (exit 78)',
  'under-service': 'already running under a service (exit 78)',
};

const NEWER = /newer schema|schema\(s\) are newer than this build|SqliteSchemaVersionError/i;
const SCHEMAS = /uses schema (\d+); this build supports (\d+)(?:; writer build (\d[\w+-]*(?:\.\w+)*))?/i;
const UNDER_SERVICE = /already running under (\w+)/i;
const IN_USE = /StateDatabaseCoordinatorContentionError|another OpenClaw process owns/i;

/** What an exit 78 means, from the lines the gateway printed before it (`profile` names the commands to run). */
export function exit78Of(lines: readonly string[], profile: string): Exit78 {
  const text = lines.join('\n');
  const profileArgs = profile === DEFAULT_PROFILE ? '' : `--profile ${profile} `;
  const of = (kind: Exit78Kind, advice: string): Exit78 => ({ kind, meaning: MEANINGS[kind], advice });
  if (NEWER.test(text)) {
    const [, found, supported, writer] = SCHEMAS.exec(text) ?? [];
    const schemas = found ? ` (schema ${found}; this OpenClaw supports ${supported})` : '';
    const build = writer ? `OpenClaw ${writer} or newer` : 'the newer OpenClaw that wrote it';
    return of(
      'newer-schema',
      `the state database was written by a newer OpenClaw${schemas}: the doctor cannot fix that. Run ${build} (Settings → OpenClaw), or restore the backup taken before the update`,
    );
  }
  const service = UNDER_SERVICE.exec(text);
  if (service)
    return of(
      'under-service',
      `a healthy gateway of this profile already runs under ${service[1]}: stop it there (\`${openclawHint(`${profileArgs}gateway stop`)}\`) or hand it over to Lobsterpot, then start it here`,
    );
  if (IN_USE.test(text))
    return of(
      'state-in-use',
      'another OpenClaw process (a gateway, a doctor or an update) holds this profile’s state: stop it first; the doctor cannot run while it does',
    );
  return of('config', 'the config is not usable as it is: the doctor can try to repair it');
}

/** Whether an exit record is a config error the doctor may repair (not the other meanings of 78). */
export const repairable = (exit: { code: number | null; meaning: string } | null): boolean =>
  exit?.code === 78 && exit.meaning === CONFIG_ERROR_MEANING;
