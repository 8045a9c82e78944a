// The web view's build: one entry (index.html), hashed file names under assets/ (served immutable
// by the server), no source maps in the bundle that ships.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/v1': 'http://127.0.0.1:8400' } },
});
