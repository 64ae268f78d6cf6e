// ISO 4217 currencies the sandbox accepts, by number of minor units. The pay schema keeps a loose
// pattern so that an unknown code gets Antom's own CURRENCY_NOT_SUPPORT rather than PARAM_ILLEGAL.
export const CURRENCIES_BY_MINOR_UNITS = {
  0: ['JPY', 'KRW', 'CLP', 'VND', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG', 'RWF', 'BIF', 'DJF', 'GNF', 'KMF', 'VUV', 'XPF'],
  2: [
    'USD', 'EUR', 'GBP', 'CNY', 'HKD', 'SGD', 'AUD', 'NZD', 'CAD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK',
    'HUF', 'RON', 'BGN', 'TRY', 'ILS', 'AED', 'SAR', 'QAR', 'MYR', 'THB', 'PHP', 'IDR', 'INR', 'PKR', 'BDT',
    'LKR', 'TWD', 'MXN', 'BRL', 'ARS', 'COP', 'PEN', 'ZAR', 'EGP', 'NGN', 'KES', 'MAD', 'UAH', 'KZT', 'MOP',
  ],
  3: ['BHD', 'KWD', 'JOD', 'OMR', 'TND', 'IQD', 'LYD'],
} as const;

export const SUPPORTED_CURRENCIES: readonly string[] = Object.values(CURRENCIES_BY_MINOR_UNITS).flat();
