import { mount } from 'svelte';
import '@progress-stream/core'; // registers <progress-stream>
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
