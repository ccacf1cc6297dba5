// The `lobsterpot` command and `serve` as JavaScript for the npm package (bin/lobsterpot.js runs it once installed): one
// module per entry plus a chunk per dynamic import, the dependencies left to node_modules.
import { builtinModules, createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
// Only node:http pays for its ES import; each other built-in taken this way would be one more chunk to load.
const byRequire = new Set(['http', 'node:http']);
// zod goes into the bundle: as a dependency it is about 100 modules (50 of them locales) for the ES loader to resolve
// and compile on every command; bundled, tree-shaking leaves what the contract uses, in the contract's chunk.
const bundled = new Set(['zod']);
const dependencies = Object.keys(manifest.dependencies).filter((name) => !bundled.has(name));
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const require = createRequire(import.meta.url);
const PREFIX = '\0builtin:';

/**
 * `node:http` through `require` instead of `import`: an ES import reads every export of the module, and reading its lazy
 * `WebSocket` loads undici (fetch, web streams), megabytes of RSS that `serve` never uses.
 */
function builtinsByRequire(): Plugin {
  return {
    name: 'builtins-by-require',
    enforce: 'pre',
    resolveId: (id) => (byRequire.has(id) ? `${PREFIX}${id.replace(/^node:/, '')}` : null),
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = `node:${id.slice(PREFIX.length)}`;
      const exported = require(name) as Record<string, unknown>;
      // Only plain values: a getter is what loads more on first read.
      const names = Object.keys(exported).filter(
        (key) => /^[A-Za-z_$][\w$]*$/.test(key) && 'value' in (Object.getOwnPropertyDescriptor(exported, key) ?? {}),
      );
      return [
        `import { createRequire } from 'node:module';`,
        `const builtin = createRequire(import.meta.url)(${JSON.stringify(name)});`,
        `export default builtin;`,
        `export const { ${names.join(', ')} } = builtin;`,
      ].join('\n');
    },
  };
}

export default defineConfig({
  // Nothing from the renderer's public/ folder: this build is Node code only.
  publicDir: false,
  plugins: [builtinsByRequire()],
  ssr: { noExternal: [...bundled] },
  build: {
    ssr: true,
    target: 'node24',
    // Two folders below the root, as electron/cli/ is: `../../package.json` and `../../out/renderer` resolve the same.
    outDir: resolve(import.meta.dirname, 'out/cli'),
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input: { main: resolve(import.meta.dirname, 'electron/cli/main.ts') },
      external: (id) =>
        (builtins.has(id) && !byRequire.has(id)) ||
        dependencies.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        format: 'esm',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        // V8 keeps each module's source for lazy compilation, as two bytes a character once one is not ASCII (the
        // messages' dashes and ellipses): escaped and without whitespace, `serve` holds ~1 MB less. Names are kept
        // (no mangling), so a stack trace still reads.
        minify: { compress: false, mangle: false, codegen: { removeWhitespace: true, asciiOnly: true } },
      },
    },
  },
});
