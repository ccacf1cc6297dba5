// The building blocks of the contract's value schemas: what crosses a boundary (another host, the control socket) is
// bounded, so a host cannot grow this process without end, and a type declared outside the contract is checked key
// for key against its schema (`schemaOf`), so the two cannot drift.
import { z } from 'zod';

type Missing<T, S extends z.ZodType> = Exclude<keyof T, keyof z.output<S>> | Exclude<keyof z.output<S>, keyof T>;

/** `schema`, checked to give a `T` with exactly T's keys (a field left out would be stripped at the boundary). */
export const schemaOf =
  <T>() =>
  <S extends z.ZodType<T>>(schema: S & ([Missing<T, S>] extends [never] ? unknown : { keysDiffer: Missing<T, S> })) =>
    schema;

/** A bounded text whose values a newer host may add to (a finding's kind): shown as it is, never guessed. */
export const word = <T extends string>() =>
  z.custom<T>((value) => typeof value === 'string' && value.length <= 200, 'must be a short text');
export const text = z.string().max(100_000);
export const count = z.number().int().min(0);
/** Epoch ms. */
export const time = z.number();
/** Epoch ms, or null when it has not happened. */
export const at = time.nullable();
/** Lists another host sends are bounded: a host cannot grow this process without end. */
export const MAX_ITEMS = 2000;
export const list = <S extends z.ZodType>(item: S, max = MAX_ITEMS) => z.array(item).max(max);
