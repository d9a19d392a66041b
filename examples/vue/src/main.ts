import { createApp } from 'vue';
import '@progress-stream/core'; // registers <progress-stream>
import App from './App.vue';

createApp(App).mount('#app');
