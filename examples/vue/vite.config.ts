import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { demoJob } from '../demo-job.ts';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // <progress-stream> is a custom element: Vue renders it as is instead of resolving a component.
        compilerOptions: { isCustomElement: (tag) => tag === 'progress-stream' },
      },
    }),
    demoJob(),
  ],
});
