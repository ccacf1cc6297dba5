// The `lobsterpot` command and `serve` as JavaScript for the npm package (bin/lobsterpot.js runs it once installed): one
// module per entry plus a chunk per dynamic import, the dependencies left to node_modules.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(manifest.dependencies),
];

export default defineConfig({
  // Nothing from the renderer's public/ folder: this build is Node code only.
  publicDir: false,
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
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
