// `npm run build`: one bundle for the CLI. Loading execa, zod and yaml as hundreds of small
// modules cost ~270 ms before the first agent could start; bundled, ~95 ms. Subcommands stay
// separate chunks, so `--version` and `--help` load almost nothing. Type-checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import './build-word-frequencies.mjs';

rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Less source to parse at every start; names are kept so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Ink loads React DevTools (and its `ws`) only when DEV=true; left out of the bundle, that
  // import fails with ERR_MODULE_NOT_FOUND, which Ink turns into a warning.
  external: ['react-devtools-core', 'ws'],
  jsx: 'automatic',
  // Some bundled CommonJS code calls require() for Node built-ins; ESM has no require of its own.
  banner: { js: "import { createRequire as __xcheckCreateRequire } from 'node:module'; const require = __xcheckCreateRequire(import.meta.url);" },
});
