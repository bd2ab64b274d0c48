import './styles/app.css';
import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { bridge, onBridgeReconnect } from './bridge/index.ts';
import { useAgentBridge } from './ipc/client.ts';
import { createAppI18n } from './i18n/index.ts';
import { startLifecycle } from './app/lifecycle.ts';
import { bootKey } from './app/keys.ts';
import { playAlertTone } from './lib/alert-sound.ts';
import { useSettingsStore } from './stores/settings.ts';

useAgentBridge(bridge);
const pinia = createPinia();
const i18n = createAppI18n();
const app = createApp(App).use(pinia).use(i18n);

const settings = useSettingsStore(pinia);
watch(
  () => settings.locale,
  (locale) => {
    i18n.global.locale.value = locale;
    document.documentElement.lang = locale;
  },
  { immediate: true },
);

const lifecycle = startLifecycle({ playSound: playAlertTone, onBridgeReconnect });
app.provide(bootKey, lifecycle.boot);
app.mount('#app');
void lifecycle.boot();
