/*
 * Types that live on a number line: each value becomes integer "units" (1 for integers, 10^-scale for numeric, a day,
 * a second), so interpolation between histogram bounds and "distinct" both reduce to integer arithmetic.
 */

export interface LineCodec {
  /** Text as the server prints it → units; undefined for what the line cannot hold (infinity, NaN, BC dates) */
  parse(text: string): number | undefined;
  /** Units → text as COPY FROM reads it */
  format(units: number): string;
  min: number;
  max: number;
  /** A plausible range when the profile has no value to go by */
  fallback: readonly [number, number];
}

const SAFE = Number.MAX_SAFE_INTEGER;
const DAY = 86_400_000;
const today = Math.floor(Date.UTC(2025, 0, 1) / 1000);

export function integerCodec(bits: 16 | 32 | 64): LineCodec {
  const max = bits === 16 ? 32767 : bits === 32 ? 2147483647 : SAFE;
  return {
    parse: (text) => (/^-?\d+$/.test(text) ? Number(text) : undefined),
    format: (units) => String(units),
    min: -max,
    max,
    fallback: [1, 1000],
  };
}

/** numeric(p,s), with `scale` decimals; floats use the decimals their statistics show. */
export function decimalCodec(scale: number, precision?: number): LineCodec {
  const factor = 10 ** scale;
  const max = precision === undefined ? SAFE : Math.min(SAFE, 10 ** precision - 1);
  return {
    parse: (text) => {
      const value = Number(text);
      return Number.isFinite(value) ? Math.round(value * factor) : undefined;
    },
    format: (units) => (scale === 0 ? String(units) : (units / factor).toFixed(scale)),
    min: -max,
    max,
    fallback: [0, 1000 * factor],
  };
}

export const dateCodec: LineCodec = {
  parse: (text) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY : undefined;
  },
  format: (units) => new Date(units * DAY).toISOString().slice(0, 10),
  min: -700_000,
  max: 2_900_000,
  fallback: [Math.floor(today / 86400) - 1095, Math.floor(today / 86400)],
};

/** Seconds since the epoch; with time zone, printed in UTC with an explicit offset so the session's zone cannot shift it. */
export function timestampCodec(withZone: boolean, fraction: boolean): LineCodec {
  const per = fraction ? 1000 : 1;
  const days = new Map<number, string>();
  // formatting is the generator's hottest path: the date part is cached per day, the clock part is arithmetic
  const dateOf = (day: number) => {
    let text = days.get(day);
    if (text === undefined) {
      if (days.size > 100_000) days.clear();
      text = new Date(day * DAY).toISOString().slice(0, 10);
      days.set(day, text);
    }
    return text;
  };
  const zone = withZone ? '+00' : '';
  return {
    parse: (text) => {
      const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?)?$/.exec(text);
      if (!m) return undefined;
      const offset = m[3] ? `${m[3]}:${m[4] ?? '00'}` : 'Z';
      const ms = Date.parse(`${m[1]}T${m[2]}${offset}`);
      return Number.isFinite(ms) ? Math.floor((ms * per) / 1000) : undefined;
    },
    format: (units) => {
      const seconds = Math.floor(units / per);
      const day = Math.floor(seconds / 86400);
      const clock = seconds - day * 86400;
      const text = `${dateOf(day)} ${two[Math.floor(clock / 3600)]}:${two[Math.floor(clock / 60) % 60]}:${two[clock % 60]}`;
      return fraction ? `${text}.${String(units - seconds * per).padStart(3, '0')}${zone}` : text + zone;
    },
    min: -6e10 * per,
    max: 9e12 * per,
    fallback: [(today - 3 * 365 * 86400) * per, today * per],
  };
}

const two = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

export const timeCodec: LineCodec = {
  parse: (text) => {
    const m = /^(\d\d):(\d\d):(\d\d)/.exec(text);
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
  },
  format: (units) => {
    const s = ((units % 86400) + 86400) % 86400;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  },
  min: 0,
  max: 86399,
  fallback: [0, 86399],
};

/** Interval in seconds (a month as 30 days, as PostgreSQL's own interval arithmetic does). */
export const intervalCodec: LineCodec = {
  parse: (text) => {
    let seconds = 0;
    let matched = false;
    for (const m of text.matchAll(/(-?\d+) (year|mon|day)s?/g)) {
      matched = true;
      seconds += Number(m[1]) * (m[2] === 'year' ? 360 * 86400 : m[2] === 'mon' ? 30 * 86400 : 86400);
    }
    const clock = /(-)?(\d+):(\d\d):(\d\d)/.exec(text);
    if (clock) {
      matched = true;
      seconds += (clock[1] ? -1 : 1) * (Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]));
    }
    return matched ? seconds : undefined;
  },
  format: (units) => `${units} seconds`,
  min: -SAFE,
  max: SAFE,
  fallback: [60, 30 * 86400],
};

export const ipv4Codec: LineCodec = {
  parse: (text) => {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/32)?$/.exec(text);
    return m ? ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]) : undefined;
  },
  format: (units) => [units >>> 24, (units >>> 16) & 255, (units >>> 8) & 255, units & 255].join('.'),
  min: 0,
  max: 4294967295,
  fallback: [167772161, 184549375],
};
