// A recording stand-in of Electron's API, NOT Electron: every object is built from electron.d.ts (surface.ts), every
// call is recorded in order, any member the typings do not declare throws, and a member that must answer with a
// value answers only what the test scripted for it. Events are emitted by the test, never invented by the stand-in.
import { EventEmitter } from 'node:events';
import type { ExportSurface, Shape, Surface, TypeSurface } from './surface.ts';

export interface Call {
  seq: number;
  /** `app.setPath`, `new BrowserWindow`, `BrowserWindow#1.loadURL`, `BrowserWindow#1.webContents.on` … */
  path: string;
  args: unknown[];
}

/** A scripted answer: `Type.member` (an instance's method or property), `new Type` (after construction). */
export type Script = (self: unknown, args: unknown[]) => unknown;

export class StandInRefusal extends Error {
  override readonly name = 'StandInRefusal';
}

interface State {
  label: string;
  type: string;
  emitter: EventEmitter;
  props: Map<string, unknown>;
  children: Map<string, unknown>;
}

export class ElectronStandIn {
  readonly calls: Call[] = [];
  readonly refusals: string[] = [];
  readonly #surface: Surface;
  readonly #scripts: Record<string, Script | { value: unknown }>;
  readonly #states = new WeakMap<object, State>();
  readonly #counts = new Map<string, number>();
  readonly instances = new Map<string, unknown>();

  constructor(surface: Surface, scripts: Record<string, Script | { value: unknown }>) {
    this.#surface = surface;
    this.#scripts = scripts;
  }

  /** The module `electron` resolves to: the main process's exports (with the common ones), or the renderer's. */
  module(side: 'main' | 'renderer', only?: readonly string[]): Record<string, unknown> {
    const list = [...(side === 'main' ? this.#surface.main : this.#surface.renderer), ...this.#surface.common];
    const exports: Record<string, unknown> = {};
    for (const entry of list) {
      if (only && !only.includes(entry.name)) continue;
      exports[entry.name] = this.#export(entry);
    }
    return exports;
  }

  record(path: string, args: unknown[]): void {
    this.calls.push({ seq: this.calls.length, path, args });
  }

  /** The test's side of an event: what Electron would emit there (a click, a navigation, the OS's shutdown). */
  emit(object: unknown, event: string, ...args: unknown[]): boolean {
    const state = this.#state(object);
    this.record(`${state.label} ⇐ ${event}`, args);
    return state.emitter.emit(event, ...args);
  }

  /** An object of an Electron type, for a scripted answer that must hand one back. */
  object(type: string, label: string): object {
    return this.#object(type, label);
  }

  isStandIn(value: unknown): boolean {
    return (typeof value === 'object' || typeof value === 'function') && value !== null && this.#states.has(value);
  }

  listenerCount(object: unknown, event: string): number {
    return this.#state(object).emitter.listenerCount(event);
  }

  labelOf(object: unknown): string {
    return this.#state(object).label;
  }

  #state(object: unknown): State {
    const state =
      typeof object === 'object' || typeof object === 'function' ? this.#states.get(object as object) : undefined;
    if (!state) throw new Error('not an object of the Electron stand-in');
    return state;
  }

  #type(name: string): TypeSurface {
    const type = this.#surface.types.get(name);
    if (!type) throw new Error(`electron.d.ts declares no type ${name}`);
    return type;
  }

  #refuse(message: string): never {
    this.refusals.push(message);
    throw new StandInRefusal(`Electron stand-in (not Electron): ${message}`);
  }

  #export(entry: ExportSurface): unknown {
    if (entry.kind === 'instance') return this.#object(entry.type, entry.name);
    if (entry.kind === 'static') return this.#statics(entry.type, entry.name);
    return this.#class(entry.name, entry.type);
  }

  #scripted(key: string): Script | { value: unknown } | undefined {
    return Object.hasOwn(this.#scripts, key) ? this.#scripts[key] : undefined;
  }

  #answer(label: string, type: string, member: string, shape: Shape, self: unknown, args: unknown[]): unknown {
    const script = this.#scripted(`${type}.${member}`);
    if (script) return 'value' in script ? script.value : script(self, args);
    switch (shape.kind) {
      case 'void':
        return undefined;
      case 'promise-void':
        return Promise.resolve();
      case 'this':
        return self;
      case 'object': {
        const child = this.#object(shape.type, `${label}.${member}()`);
        return shape.promise ? Promise.resolve(child) : child;
      }
      default:
        return this.#refuse(`${type}.${member} must answer with a value, and the test scripted none`);
    }
  }

  #object(type: string, label: string): object {
    const surface = this.#type(type);
    const state: State = { label, type, emitter: new EventEmitter(), props: new Map(), children: new Map() };
    const proxy: object = new Proxy(Object.create(null) as object, {
      get: (_, key) => {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;
        const method = surface.methods.get(key);
        if (method) {
          return (...args: unknown[]) => {
            this.record(`${label}.${key}`, args);
            if (!this.#scripted(`${type}.${key}`) && key in EventEmitter.prototype) {
              const result = (state.emitter as unknown as Record<string, (...a: unknown[]) => unknown>)[key]?.(...args);
              return result === state.emitter ? proxy : result;
            }
            return this.#answer(label, type, key, method, proxy, args);
          };
        }
        const property = surface.properties.get(key);
        if (property) {
          if (state.props.has(key)) return state.props.get(key);
          if (property.kind === 'object' && !this.#scripted(`${type}.${key}`)) {
            if (!state.children.has(key)) state.children.set(key, this.#object(property.type, `${label}.${key}`));
            return state.children.get(key);
          }
          return this.#answer(label, type, key, property, proxy, []);
        }
        return this.#refuse(`Electron ${this.#surface.version} has no ${type}.${key} (electron.d.ts)`);
      },
      set: (_, key, value) => {
        if (typeof key === 'symbol' || !surface.properties.has(key)) {
          return this.#refuse(`Electron ${this.#surface.version} has no settable ${type}.${String(key)}`);
        }
        this.record(`${label}.${key} =`, [value]);
        state.props.set(key, value);
        return true;
      },
    });
    this.#states.set(proxy, state);
    return proxy;
  }

  #statics(type: string, label: string): object {
    const surface = this.#type(type);
    const children = new Map<string, unknown>();
    return new Proxy(Object.create(null) as object, {
      get: (_, key) => {
        if (typeof key === 'symbol' || key === 'then') return undefined;
        const method = surface.statics.get(key);
        if (method) {
          return (...args: unknown[]) => {
            this.record(`${label}.${key}`, args);
            return this.#answer(label, type, key, method, undefined, args);
          };
        }
        const property = surface.staticProperties.get(key);
        if (property?.kind === 'object') {
          if (!children.has(key)) children.set(key, this.#object(property.type, `${label}.${key}`));
          return children.get(key);
        }
        if (property) return this.#answer(label, type, key, property, undefined, []);
        return this.#refuse(`Electron ${this.#surface.version} has no static ${type}.${key} (electron.d.ts)`);
      },
    });
  }

  #construct(name: string, type: string, args: unknown[]): object {
    const count = (this.#counts.get(name) ?? 0) + 1;
    this.#counts.set(name, count);
    const label = `${name}#${count}`;
    this.record(`new ${name}`, args);
    const instance = this.#object(type, label);
    this.instances.set(label, instance);
    const script = this.#scripted(`new ${name}`);
    if (script && !('value' in script)) script(instance, args);
    return instance;
  }

  #class(name: string, type: string): unknown {
    const statics = this.#statics(type, name) as Record<string, unknown>;
    const construct = (args: unknown[]) => this.#construct(name, type, args);
    const refuse = (message: string) => this.#refuse(message);
    function Constructor(this: unknown, ...args: unknown[]) {
      if (!new.target) return refuse(`${name} is a class: called without new`);
      return construct(args);
    }
    return new Proxy(Constructor, {
      get(target, key) {
        if (key === 'prototype' || key === 'name' || key === 'length') return Reflect.get(target, key);
        return statics[key as string];
      },
    });
  }
}
