import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoJob } from '../demo-job.ts';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export default defineConfig({
  plugins: [react(), demoJob()],
  build: {
    rolldownOptions: {
      // Three pages: the React wrapper, the useProgressStream hook, and the bare element (React 19).
      input: { main: page('index.html'), hook: page('hook.html'), element: page('element.html') },
    },
  },
});
