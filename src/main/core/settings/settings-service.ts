/** App settings: defaults, what the host stored (each field checked on its own), and validated updates. */
import { AlertSettings, AppSettings } from '../../../shared/domain.ts';
import { AgentError } from '../../../shared/ipc/errors.ts';
import type { Logger, SettingsStore } from '../ports.ts';

export const DEFAULT_SETTINGS: AppSettings = {
  alerts: {
    queueAlerts: true,
    messageAlerts: true,
    queueSound: true,
    messageSound: true,
    onlyWhenHidden: false,
    doNotDisturb: false,
  },
  closeToTray: true,
  launchAtLogin: false,
  launchHidden: false,
  retentionDays: 180,
  retentionMaxMessages: 500_000,
  locale: 'system',
};

/** A stored file written by an older or newer version may hold stray or invalid fields: keep each valid one. */
function fromStored(stored: unknown): AppSettings {
  const settings: AppSettings = structuredClone(DEFAULT_SETTINGS);
  if (!stored || typeof stored !== 'object') return settings;
  const record = stored as Record<string, unknown>;
  const shape = AppSettings.shape;
  for (const key of Object.keys(shape) as (keyof AppSettings)[]) {
    if (key === 'alerts') continue;
    const parsed = shape[key].safeParse(record[key]);
    if (parsed.success) (settings as Record<string, unknown>)[key] = parsed.data;
  }
  const alerts = record.alerts;
  if (alerts && typeof alerts === 'object') {
    for (const key of Object.keys(AlertSettings.shape) as (keyof AlertSettings)[]) {
      const value = (alerts as Record<string, unknown>)[key];
      if (typeof value === 'boolean') settings.alerts[key] = value;
    }
  }
  return settings;
}

export function createSettingsService(store: SettingsStore, logger: Logger) {
  let current: AppSettings;
  try {
    current = fromStored(store.load());
  } catch (error) {
    logger.warn('Stored settings unreadable; using defaults', error);
    current = structuredClone(DEFAULT_SETTINGS);
  }

  return {
    get(): AppSettings {
      return structuredClone(current);
    },
    alerts(): AlertSettings {
      return current.alerts;
    },
    update(changes: Partial<AppSettings>): { settings: AppSettings; previous: AppSettings } {
      const parsed = AppSettings.safeParse({ ...current, ...changes });
      if (!parsed.success) throw new AgentError('invalid_argument', `Invalid settings: ${parsed.error.issues[0]?.message ?? 'unknown field'}`);
      const previous = current;
      current = parsed.data;
      store.save(structuredClone(current));
      return { settings: structuredClone(current), previous };
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
