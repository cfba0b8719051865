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

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Finds products and categories by any name or synonym in any locale. */
export class CatalogIndex {
  private readonly products = new Map<string, string>();
  private readonly categories = new Map<string, string>();
  /** Every product name and synonym as said (lower case), with its SKU. */
  private readonly surfaces: [string, string][] = [];

  constructor(readonly catalog: Catalog = CATALOG) {
    for (const p of catalog.products) {
      this.products.set(normaliseName(p.sku), p.sku);
      for (const locale of SUPPORTED_LOCALES) {
        for (const name of [p.names[locale], ...p.synonyms[locale]]) {
          this.products.set(normaliseName(name), p.sku);
          this.surfaces.push([name.normalize('NFKC').toLowerCase().trim(), p.sku]);
        }
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

  /**
   * The products named anywhere in a sentence ("actually I'd rather have the power bank"), in the
   * order they are said: any name or synonym, the longest first where names overlap; Latin names
   * only as whole words (an English plural allowed).
   */
  skusIn(text: string): string[] {
    const said = text.normalize('NFKC').toLowerCase();
    const found: { at: number; end: number; sku: string }[] = [];
    const names = [...this.surfaces].sort((a, b) => b[0].length - a[0].length);
    for (const [name, sku] of names) {
      const pattern = /[\u3400-\u9fff]/.test(name)
        ? new RegExp(escapeRegex(name), 'g')
        : new RegExp(`(?<![a-z0-9])${escapeRegex(name).replace(/ /g, '[\\s-]*')}(?:s|es)?(?![a-z0-9])`, 'g');
      for (const m of said.matchAll(pattern)) {
        const end = m.index + m[0].length;
        if (found.some((f) => m.index < f.end && end > f.at)) continue;
        found.push({ at: m.index, end, sku });
      }
    }
    return [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.sku))];
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
