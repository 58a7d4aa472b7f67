// Numbers with the language's digit grouping. Intl.NumberFormat is costly to make and cheap to use,
// and views that redraw many times a second format a few numbers each time: one per language and precision.
const formatters = new Map<string, Intl.NumberFormat>();

/** 12345.6 -> "12,346" (or one or more decimals when `fractionDigits` allows them). */
export function formatNumber(value: number, language: string | undefined, fractionDigits = 0): string {
  const key = `${language ?? ''}|${fractionDigits}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(language, { maximumFractionDigits: fractionDigits })));
  return f.format(value);
}
