/** Dates, times and durations in the agent's locale, through Intl only. */

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  const key = `r|${locale}`;
  let format = cache.get(key) as Intl.RelativeTimeFormat | undefined;
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    cache.set(key, format);
  }
  return format;
}

function toDate(value: string | number): Date | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** "14:05" today, "Mon" this week, "3 Mar" this year, else "3/3/2025": how inbox lists show a time. */
export function formatListTime(value: string, locale: string, now: number): string {
  const date = toDate(value);
  if (!date) return '';
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(date)) / 86_400_000);
  if (days <= 0) return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date);
  if (days < 7) return dateFormat(locale, { weekday: 'short' }).format(date);
  if (date.getFullYear() === new Date(now).getFullYear()) return dateFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  return dateFormat(locale, { dateStyle: 'short' }).format(date);
}

export function formatTime(value: string | number, locale: string): string {
  const date = toDate(value);
  return date ? dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date) : '';
}

export function formatDateTime(value: string | null, locale: string): string {
  const date = value ? toDate(value) : null;
  return date ? dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date) : '';
}

/** Day separator label: "Today", "Yesterday" (from Intl), else the full date. */
export function formatDay(dayStart: number, locale: string, now: number): string {
  const days = Math.round((startOfDay(new Date(now)) - dayStart) / 86_400_000);
  if (days === 0 || days === 1) {
    const text = relativeFormat(locale).format(-days, 'day');
    return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  }
  return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(dayStart);
}

export function dayKey(value: string | number): number {
  const date = toDate(value);
  return date ? startOfDay(date) : 0;
}

/** A compact elapsed time: "45 s", "5 min", "3 h", "2 d" (Intl unit formatting, the agent's locale). */
export function formatElapsed(fromIso: string, locale: string, now: number): string {
  const from = toDate(fromIso);
  if (!from) return '';
  const seconds = Math.max(0, Math.floor((now - from.getTime()) / 1000));
  const [value, unit] =
    seconds < 60 ? [seconds, 'second'] : seconds < 3600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 86_400 ? [Math.floor(seconds / 3600), 'hour'] : [Math.floor(seconds / 86_400), 'day'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'short' }).format(bytes);
  if (bytes < 1024 * 1024) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', unitDisplay: 'short', maximumFractionDigits: 0 }).format(bytes / 1024);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}
