import Store from 'electron-store';
import { AppSettings } from '../../shared/domain.ts';
import type { Logger, SettingsStore } from '../core/ports.ts';
import type { SavedWindowState } from './window-state.ts';

export function createSettingsStore(logger: Logger): SettingsStore {
  const store = new Store<{ app?: unknown }>({ name: 'settings' });
  return {
    load() {
      const parsed = AppSettings.partial().safeParse(store.get('app') ?? {});
      if (parsed.success) return parsed.data;
      logger.warn('Ignoring unreadable saved settings: defaults are used.', parsed.error.issues);
      return {};
    },
    save(settings) {
      store.set('app', settings);
    },
  };
}

export function createWindowStore(): Store<{ window?: SavedWindowState }> {
  return new Store<{ window?: SavedWindowState }>({ name: 'window-state' });
}
