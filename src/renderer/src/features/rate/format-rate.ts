// Rates as people read them: whole messages per second with the language's digit grouping, bytes in binary units.
import type { Rates } from '../../state/rate-history';
import { formatNumber } from '../../lib/format-number';
import { formatBytes } from '../status-bar/format-bytes';

/** 2000 -> "2,000"; a trickle keeps one decimal so it never reads as zero. */
export function formatPerSecond(value: number, language: string | undefined): string {
  return formatNumber(value, language, value > 0 && value < 10 ? 1 : 0);
}

/** The params of every "in … msg/s, … /s · out …" sentence (the unit "/s" is in the sentence). */
export function rateParams(rates: Rates, language: string | undefined) {
  return {
    inMessages: formatPerSecond(rates.messagesIn, language),
    inBytes: formatBytes(Math.round(rates.bytesIn)),
    outMessages: formatPerSecond(rates.messagesOut, language),
    outBytes: formatBytes(Math.round(rates.bytesOut)),
  };
}
