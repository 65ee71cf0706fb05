// Bundles the console into ../dist (or the directory given as the first
// argument, which `make console-check` uses to compare against the committed
// build). Output is deterministic: fixed file names, no timestamps, no
// sourcemaps, so the same sources always give byte-identical files.
import { build } from 'esbuild';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || resolve(here, '../dist'));

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stepd console</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect x='1' y='1' width='14' height='14' rx='3' fill='%232f6fde'/%3E%3Cpath d='M4 5h8M4 8h5M4 11h8' stroke='white' stroke-width='1.6'/%3E%3C/svg%3E">
<link rel="stylesheet" href="/assets/app.css">
<script>try{var t=localStorage.getItem('stepd-theme')}catch(e){}document.documentElement.dataset.theme=t||(matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light')</script>
</head>
<body>
<div id="app"></div>
<noscript>The stepd console needs JavaScript.</noscript>
<script type="module" src="/assets/app.js"></script>
</body>
</html>
`;

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: resolve(here, 'src/main.jsx') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: out,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  absWorkingDir: here,
});
await writeFile(resolve(out, 'index.html'), html);
