// Electron's API surface as its own typings declare it (node_modules/electron/electron.d.ts): every export of the
// main process and of the renderer, every member of every class and interface, and what each member gives back.
// The recording stand-in is built from this, so a member Electron 45 does not have cannot be called on it.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** What a member gives: nothing, a promise of nothing, `this`, an object of an Electron type, or some other value. */
export type Shape =
  { kind: 'void' | 'promise-void' | 'this' | 'value' } | { kind: 'object'; type: string; promise?: true };

export interface TypeSurface {
  methods: Map<string, Shape>;
  properties: Map<string, Shape>;
  statics: Map<string, Shape>;
  staticProperties: Map<string, Shape>;
  heritage: string[];
  isClass: boolean;
}

export interface ExportSurface {
  name: string;
  /** `class X extends Electron.X {}`: constructible; `const x: X` an instance; `const x: typeof X` the class itself. */
  kind: 'class' | 'instance' | 'static';
  type: string;
}

export interface Surface {
  version: string;
  types: Map<string, TypeSurface>;
  main: ExportSurface[];
  renderer: ExportSurface[];
  common: ExportSurface[];
}

/** Node's EventEmitter, which the typings extend as `NodeEventEmitter` / `NodeJS.EventEmitter`. */
const EMITTER_METHODS = Object.getOwnPropertyNames(EventEmitter.prototype).filter((name) => name !== 'constructor');

export function readSurface(dtsFile: string): Surface {
  const text = readFileSync(dtsFile, 'utf8');
  const version = /Type definitions for Electron (\S+)/.exec(text)?.[1] ?? 'unknown';
  const source = ts.createSourceFile(dtsFile, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const types = new Map<string, TypeSurface>();
  const exports: Record<string, ExportSurface[]> = { Main: [], Renderer: [], Common: [] };
  const electron = source.statements.find(
    (statement): statement is ts.ModuleDeclaration =>
      ts.isModuleDeclaration(statement) && statement.name.getText(source) === 'Electron',
  );
  const body = electron?.body;
  if (!body || !ts.isModuleBlock(body)) throw new Error(`no namespace Electron in ${dtsFile}`);
  const typeOf = (node: ts.TypeNode | undefined): Shape => shapeOf(node, source);

  for (const statement of body.statements) {
    if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
      const name = statement.name?.getText(source);
      if (!name) continue;
      const surface: TypeSurface = types.get(name) ?? {
        methods: new Map(),
        properties: new Map(),
        statics: new Map(),
        staticProperties: new Map(),
        heritage: [],
        isClass: false,
      };
      surface.isClass ||= ts.isClassDeclaration(statement);
      for (const clause of statement.heritageClauses ?? []) {
        for (const type of clause.types) surface.heritage.push(type.expression.getText(source));
      }
      for (const member of statement.members) {
        const memberName = member.name?.getText(source).replace(/^['"]|['"]$/g, '');
        if (!memberName) continue;
        const isStatic = ts.canHaveModifiers(member)
          ? (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
          : false;
        if (ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) {
          (isStatic ? surface.statics : surface.methods).set(memberName, typeOf(member.type));
        } else if (
          ts.isPropertyDeclaration(member) ||
          ts.isPropertySignature(member) ||
          ts.isGetAccessorDeclaration(member)
        ) {
          (isStatic ? surface.staticProperties : surface.properties).set(memberName, typeOf(member.type));
        }
      }
      types.set(name, surface);
    } else if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) {
      const list = exports[statement.name.getText(source)];
      if (!list) continue;
      for (const inner of statement.body.statements) {
        if (ts.isClassDeclaration(inner) && inner.name) {
          list.push({ name: inner.name.getText(source), kind: 'class', type: inner.name.getText(source) });
        } else if (ts.isVariableStatement(inner)) {
          for (const declaration of inner.declarationList.declarations) {
            const type = declaration.type;
            const name = declaration.name.getText(source);
            if (type && ts.isTypeQueryNode(type))
              list.push({ name, kind: 'static', type: type.exprName.getText(source) });
            else if (type && ts.isTypeReferenceNode(type))
              list.push({ name, kind: 'instance', type: type.typeName.getText(source) });
          }
        }
      }
    }
  }
  // Inherited members, and Node's EventEmitter where the typings extend it.
  const resolved = new Set<string>();
  const resolve = (name: string): TypeSurface | undefined => {
    const surface = types.get(name);
    if (!surface || resolved.has(name)) return surface;
    resolved.add(name);
    for (const parent of surface.heritage) {
      if (/(^|\.)(NodeEventEmitter|EventEmitter)$/.test(parent)) {
        for (const method of EMITTER_METHODS)
          if (!surface.methods.has(method)) surface.methods.set(method, { kind: 'this' });
        continue;
      }
      const base = resolve(parent.replace(/^Electron\./, ''));
      if (!base) continue;
      for (const [key, shape] of base.methods) if (!surface.methods.has(key)) surface.methods.set(key, shape);
      for (const [key, shape] of base.properties) if (!surface.properties.has(key)) surface.properties.set(key, shape);
      for (const [key, shape] of base.statics) if (!surface.statics.has(key)) surface.statics.set(key, shape);
    }
    return surface;
  };
  for (const name of types.keys()) resolve(name);
  return { version, types, main: exports.Main ?? [], renderer: exports.Renderer ?? [], common: exports.Common ?? [] };
}

function shapeOf(node: ts.TypeNode | undefined, source: ts.SourceFile): Shape {
  if (!node) return { kind: 'value' };
  if (node.kind === ts.SyntaxKind.VoidKeyword || node.kind === ts.SyntaxKind.UndefinedKeyword) return { kind: 'void' };
  if (ts.isThisTypeNode(node)) return { kind: 'this' };
  if (ts.isUnionTypeNode(node)) {
    // `X | null` and `X | undefined`: the stand-in gives the object.
    const rest = node.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
    const defined = rest.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword);
    return defined.length === 1 ? shapeOf(defined[0], source) : { kind: 'value' };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(source).replace(/^Electron\./, '');
    if (name === 'Promise') {
      const inner = shapeOf(node.typeArguments?.[0], source);
      if (inner.kind === 'void') return { kind: 'promise-void' };
      return inner.kind === 'object' ? { ...inner, promise: true } : { kind: 'value' };
    }
    if (/^[A-Z]\w*$/.test(name)) return { kind: 'object', type: name };
  }
  return { kind: 'value' };
}
