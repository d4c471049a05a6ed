import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

// The built app is served by the API server on the same origin (server/src/modules/web), whose
// CSP allows only 'self' scripts: nothing here may emit an inline script.
const config: UserConfig = {
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev -w web` next to a server on 8001.
    proxy: { '/api': 'http://127.0.0.1:8001', '/v1': 'http://127.0.0.1:8001' },
  },
};

export default defineConfig(({ command }) => {
  // A build is for production even when the shell says NODE_ENV=development or test (the
  // server's own settings; Vitest sets test): otherwise Vite bundles React's development build.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});
