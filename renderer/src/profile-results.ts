// Results of commands asked for one profile (browser status, say), kept under the profile that asked: a slow answer
// that arrives after the person switched profiles lands under its own profile, never under the one now shown.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ProfileResults<T> {
  /** The answers, by profile. */
  done: Readonly<Record<string, Outcome<T>>>;
  /** Profiles with a request on its way. */
  pending: readonly string[];
}

export const noResults = <T>(): ProfileResults<T> => ({ done: {}, pending: [] });

export function requested<T>(results: ProfileResults<T>, profile: string): ProfileResults<T> {
  const done = { ...results.done };
  delete done[profile];
  return { done, pending: [...results.pending.filter((p) => p !== profile), profile] };
}

export function answered<T>(results: ProfileResults<T>, profile: string, outcome: Outcome<T>): ProfileResults<T> {
  return { done: { ...results.done, [profile]: outcome }, pending: results.pending.filter((p) => p !== profile) };
}

export const resultOf = <T>(results: ProfileResults<T>, profile: string): Outcome<T> | null =>
  results.done[profile] ?? null;

export const isPending = (results: ProfileResults<unknown>, profile: string) => results.pending.includes(profile);
