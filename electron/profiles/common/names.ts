// Profile names: OpenClaw's own rule plus what Lobsterpot adds (case-insensitive duplicates, reserved names).

export const PROFILE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
export const PROFILE_NAME_MAX = 64;
/** The profile that lives in `~/.openclaw` (no `--profile`). */
export const DEFAULT_PROFILE = 'default';
/** OpenClaw forces port 19001 for `dev` and ignores its `gateway.port`. */
export const DEV_PROFILE = 'dev';

export type NameCheck = { ok: true; warnings: string[] } | { ok: false; error: string };

/** Why a name cannot be a profile name at all, or null when OpenClaw accepts it. */
export function nameSyntaxError(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > PROFILE_NAME_MAX) return `must be at most ${PROFILE_NAME_MAX} characters (got ${name.length})`;
  if (!PROFILE_NAME_PATTERN.test(name)) {
    return "may hold only letters, digits, '-' and '_', and must start with a letter or digit";
  }
  return null;
}

export function sameProfileName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Checks a name for a profile about to be created (or a clone/rename target). */
export function checkNewProfileName(name: string, existing: readonly string[]): NameCheck {
  const syntax = nameSyntaxError(name);
  if (syntax) return { ok: false, error: `name ${syntax}` };
  if (sameProfileName(name, DEFAULT_PROFILE)) {
    return { ok: false, error: "name 'default' means the default profile (~/.openclaw); pick another name" };
  }
  if (sameProfileName(name, DEV_PROFILE)) {
    return { ok: false, error: "name 'dev' is reserved: OpenClaw forces port 19001 for it and ignores gateway.port" };
  }
  const clash = existing.find((other) => sameProfileName(other, name));
  if (clash !== undefined) {
    return {
      ok: false,
      error:
        clash === name
          ? `name '${name}' is already a profile`
          : `name '${name}' clashes with the existing profile '${clash}' (names are compared case-insensitively)`,
    };
  }
  const warnings: string[] = [];
  if (name !== name.toLowerCase())
    warnings.push('lowercase names are advised: OS services on macOS and Windows need them');
  if (['gateway', 'node'].includes(name.toLowerCase())) warnings.push(`macOS services reject the name '${name}'`);
  return { ok: true, warnings };
}
