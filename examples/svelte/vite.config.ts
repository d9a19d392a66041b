import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { demoJob } from '../demo-job.ts';

export default defineConfig({
  plugins: [svelte(), demoJob()],
});
