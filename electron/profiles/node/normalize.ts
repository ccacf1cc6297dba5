// The Node half of the field rules: `~` expanded with OpenClaw's home and symlinks resolved where the path exists, so
// two spellings of one folder compare equal. The pure half (absolute, dots, slashes) is common/fields.ts.
import { realpathSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { LobsterpotError, commandSchemas, type CommandName, type ParsedArgs } from '../../contract/contract.ts';
import { mapPaths } from '../../contract/walk.ts';
import { normalizePath } from '../common/fields.ts';
import type { PortProfile } from '../../ports/common/ports.ts';

/** `path` with every symlink of its longest existing part resolved; the part that does not exist yet is kept. */
export function resolveExisting(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync.native(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/** An absolute path, `~` expanded with `home`, normalized, symlinks resolved; throws the field's rule otherwise. */
export function canonicalPath(field: string, path: string, home: string): string {
  const normalized = normalizePath(path, { home });
  if (!normalized.ok) throw new LobsterpotError('invalid-argument', `${field}: ${normalized.error}`);
  return resolveExisting(normalized.path);
}

/** A profile's paths as the conflict analysis should compare them; a relative path is left for it to report. */
export function canonicalPortProfile(profile: PortProfile, home: string): PortProfile {
  const canonical = (path: string) => {
    const normalized = normalizePath(path, { home });
    return normalized.ok ? resolveExisting(normalized.path) : path;
  };
  return {
    ...profile,
    stateDir: canonical(profile.stateDir),
    configPath: canonical(profile.configPath),
    workspace: profile.workspace == null ? null : canonical(profile.workspace),
  };
}

/**
 * A command's parsed arguments with their paths made canonical: `~` needs OpenClaw's home and symlinks need the file
 * system, which the contract (pure) has neither of. Launchers keep their symlink: it may be what selects a version.
 */
export function canonicalArgs<C extends CommandName>(command: C, args: ParsedArgs<C>, home: string): ParsedArgs<C> {
  // Every path field the command's schema has, wherever it sits; mapPaths keeps the value's shape.
  return mapPaths(commandSchemas[command], args, (path, field) => {
    if (!field.keepsLinks) return canonicalPath(field.name, path, home);
    const expanded = normalizePath(path, { home });
    if (!expanded.ok) throw new LobsterpotError('invalid-argument', `${field.name}: ${expanded.error}`);
    return expanded.path;
  }) as ParsedArgs<C>;
}
