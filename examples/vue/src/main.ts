import { createApp } from 'vue';
import 'progress-stream'; // registers <progress-stream>
import App from './App.vue';

createApp(App).mount('#app');
