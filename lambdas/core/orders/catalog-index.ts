import { CATALOG, type Catalog, type Category, type Product } from '../../contracts/catalog';
import { SUPPORTED_LOCALES } from '../../contracts/locales';

/**
 * Normalises spoken text for matching: case, width and spacing differ between ASR results
 * ("USB-C cable", "usb c cable", "ＵＳＢ－Ｃ"), the product does not.
 */
export function normaliseName(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.,，。!?！？'"“”‘’]+/g, '')
    .trim();
}

/** Finds products and categories by any name or synonym in any locale. */
export class CatalogIndex {
  private readonly products = new Map<string, string>();
  private readonly categories = new Map<string, string>();

  constructor(readonly catalog: Catalog = CATALOG) {
    for (const p of catalog.products) {
      this.products.set(normaliseName(p.sku), p.sku);
      for (const locale of SUPPORTED_LOCALES) {
        for (const name of [p.names[locale], ...p.synonyms[locale]])
          this.products.set(normaliseName(name), p.sku);
      }
    }
    for (const c of catalog.categories) {
      this.categories.set(normaliseName(c.id), c.id);
      for (const locale of SUPPORTED_LOCALES) {
        for (const name of [c.names[locale], ...c.synonyms[locale]])
          this.categories.set(normaliseName(name), c.id);
      }
    }
  }

  /** The SKU a caller meant by any of `candidates` (slot values, first match wins). */
  skuFor(candidates: readonly string[]): string | undefined {
    for (const c of candidates) {
      const sku = this.products.get(normaliseName(c));
      if (sku) return sku;
    }
    return undefined;
  }

  /** The category id a caller meant by any of `candidates`. */
  categoryFor(candidates: readonly string[]): string | undefined {
    for (const c of candidates) {
      const id = this.categories.get(normaliseName(c));
      if (id) return id;
    }
    return undefined;
  }

  /** The product entry for a SKU (names and descriptions; live price and stock come from the table). */
  product(sku: string): Product | undefined {
    return this.catalog.products.find((p) => p.sku === sku);
  }

  /** The category entry for an id. */
  category(id: string): Category | undefined {
    return this.catalog.categories.find((c) => c.id === id);
  }
}
