import * as z from 'zod/mini';
import catalogJson from '../../data/catalog.json';
import type { Locale } from './locales';

/**
 * The product catalog, one source for the bot (Product and Category slot values and synonyms),
 * the seeded catalog table and the fulfillment Lambda, so the bot and the data cannot drift.
 *
 * Currency story: every product has one integer price per currency, in minor units (USD cents,
 * CNY fen). The caller's locale picks the currency (en-US → USD, zh-CN → CNY); an order records
 * its currency and amounts, so later price changes never alter it. No float ever holds money.
 */

/** Currencies we sell in. */
export const CURRENCIES = ['USD', 'CNY'] as const;
/** A currency we sell in (ISO 4217). */
export type Currency = (typeof CURRENCIES)[number];

/** The currency a caller hears and pays in, by locale. */
export const CURRENCY_BY_LOCALE: Readonly<Record<Locale, Currency>> = { 'en-US': 'USD', 'zh-CN': 'CNY' };

const perLocale = <T extends z.ZodMiniType>(item: T) => z.strictObject({ 'en-US': item, 'zh-CN': item });

/** Minor units: a whole, non-negative number that stays exact in a JavaScript number. */
const minorUnits = z.int().check(z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));

/** One product as stored in data/catalog.json and seeded into the catalog table. */
export const productSchema = z.strictObject({
  sku: z.string().check(z.regex(/^[A-Z]{2}-\d{3}$/)),
  category: z.string().check(z.minLength(1)),
  prices: z.strictObject({ USD: minorUnits, CNY: minorUnits }),
  stock: z.int().check(z.nonnegative()),
  names: perLocale(z.string().check(z.minLength(1), z.maxLength(60))),
  synonyms: perLocale(z.array(z.string().check(z.minLength(1), z.maxLength(60)))),
  descriptions: perLocale(z.string().check(z.minLength(1), z.maxLength(300))),
  /**
   * The product's page, texted to a caller who asks for it (https only, no spaces: it goes into a
   * text message as is). Without one the robot offers no link for the product.
   */
  link: z.optional(z.string().check(z.regex(/^https:\/\/[^\s]{1,200}$/))),
});

/** A product category with spoken names per locale. */
export const categorySchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z-]*$/)),
  names: perLocale(z.string().check(z.minLength(1), z.maxLength(60))),
  synonyms: perLocale(z.array(z.string().check(z.minLength(1), z.maxLength(60)))),
});

/** The whole catalog file. */
export const catalogSchema = z.strictObject({
  categories: z.array(categorySchema).check(z.minLength(1)),
  products: z.array(productSchema).check(z.minLength(1)),
});

/** A product. */
export type Product = z.infer<typeof productSchema>;
/** A category. */
export type Category = z.infer<typeof categorySchema>;
/** The catalog. */
export type Catalog = z.infer<typeof catalogSchema>;

/** The catalog shipped in data/catalog.json, validated once at module load. */
export const CATALOG: Catalog = catalogSchema.parse(catalogJson);

/** The top-level price attribute of a catalog item per currency (a sort key of the recommendation indexes). */
export const PRICE_ATTRIBUTE: Readonly<Record<Currency, string>> = { USD: 'priceUSD', CNY: 'priceCNY' };

/**
 * The catalog table item of a product: the product as the catalog file gives it, plus one
 * top-level price per currency, which the recommendation indexes sort by (DynamoDB index keys
 * must be top-level attributes). Seeding and the deploy-time sync both write it, so the two
 * copies of a price cannot drift.
 */
export function catalogItem(product: Product): Product & Record<string, unknown> {
  return {
    ...product,
    [PRICE_ATTRIBUTE.USD]: product.prices.USD,
    [PRICE_ATTRIBUTE.CNY]: product.prices.CNY,
  };
}
