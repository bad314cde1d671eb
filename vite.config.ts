import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The renderer is served from our own origin (custom protocol in Electron, the station
// server in a browser) — never file:// — so relative asset URLs work in both.
export default defineConfig({
  root: path.resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [react()],
  resolve: {
    alias: {
      '@contract': path.resolve(import.meta.dirname, 'contract'),
      // Pretendard (OFL) is bundled from npm: stations have no Korean system font.
      '@fonts': path.resolve(import.meta.dirname, 'node_modules/pretendard/dist/web/variable/woff2'),
    },
  },
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:4810' } },
});
