// Builds the renderer into renderer/dist. Relative asset URLs (base './') so the same
// bundle loads from file:// in Electron and from the `mailsetup ui` loopback door.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The config runs in Node (>= 20.11), where import.meta.dirname exists.
const root = import.meta.dirname;

export default defineConfig(({ command }) => {
  // A build is always the production build, also when a test runner that sets NODE_ENV=test
  // starts it: React and its JSX runtime would otherwise ship their development versions.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // The preload polyfill would be an inline script, which the CSP forbids.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      sourcemap: false,
      chunkSizeWarningLimit: 800,
    },
  };
});
