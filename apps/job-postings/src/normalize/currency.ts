/**
 * Currencies: ISO 4217 codes (active ones), and the symbols postings write. A symbol several
 * currencies share ("$", "kr", "¥") resolves only where the posting's country says which one, and
 * "$" means US dollars unless the posting is only in another dollar country; anything else is
 * unknown and stays null (decision 0037).
 */
export const ISO_4217 = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN ' +
    'BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
    'GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
    'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD ' +
    'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD ' +
    'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES ' +
    'VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

/** Symbols and prefixes that name exactly one currency. Longest first when matching. */
export const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
  US$: 'USD',
  CA$: 'CAD',
  C$: 'CAD',
  AU$: 'AUD',
  A$: 'AUD',
  NZ$: 'NZD',
  SG$: 'SGD',
  S$: 'SGD',
  HK$: 'HKD',
  MX$: 'MXN',
  R$: 'BRL',
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  '₪': 'ILS',
  '₩': 'KRW',
  '₺': 'TRY',
  '₴': 'UAH',
  '₽': 'RUB',
  '฿': 'THB',
  '₱': 'PHP',
  '₫': 'VND',
  zł: 'PLN',
  Kč: 'CZK',
  Ft: 'HUF',
  lei: 'RON',
};

/** Signs several currencies use, resolved by the posting's country. */
const SHARED_SIGNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  $: { US: 'USD' },
  kr: { SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK' },
  '¥': { JP: 'JPY', CN: 'CNY' },
  '￥': { JP: 'JPY', CN: 'CNY' },
};

/** Signs nobody can resolve (the generic currency sign). */
const UNRESOLVABLE = new Set(['¤']);

/** A currency, or null with the reason it could not be told. */
export interface CurrencyResolution {
  currency: string | null;
  note: string | null;
}

/** A three-letter code as written ("usd", "EUR"): the ISO code, or null with why. */
export function resolveCode(code: string): CurrencyResolution {
  const upper = code.trim().toUpperCase();
  if (ISO_4217.has(upper)) return { currency: upper, note: null };
  return { currency: null, note: `"${code}" is not an ISO 4217 currency code` };
}

/** A symbol as written, for a posting in `countries` (ISO 3166 alpha-2). */
export function resolveSign(sign: string, countries: readonly string[]): CurrencyResolution {
  const exact = CURRENCY_SIGNS[sign];
  if (exact) return { currency: exact, note: null };
  if (UNRESOLVABLE.has(sign)) {
    return { currency: null, note: `currency sign "${sign}" names no particular currency` };
  }
  const shared = SHARED_SIGNS[sign];
  if (!shared) return { currency: null, note: `unknown currency sign "${sign}"` };
  if (sign === '$') {
    // "$" in a US (or unplaced) posting is US dollars; in a Canadian or Australian one it may be
    // either, and a wrong currency is worse than none.
    if (countries.length === 0 || countries.includes('US')) return { currency: 'USD', note: null };
  } else {
    const candidates = new Set(countries.map((country) => shared[country]).filter(Boolean));
    if (candidates.size === 1) return { currency: [...candidates][0] as string, note: null };
  }
  return {
    currency: null,
    note: `"${sign}" is ambiguous for ${countries.length > 0 ? countries.join('/') : 'a posting without a country'}`,
  };
}
