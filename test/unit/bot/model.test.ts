import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../lambdas/contracts/catalog';
import { FAQ } from '../../../lambdas/contracts/faq';
import {
  LEX_LOCALE_ID_BY_LOCALE,
  LOCALE_BY_LEX_LOCALE_ID,
  SUPPORTED_LOCALES,
} from '../../../lambdas/contracts/locales';
import { randomOrderNumber } from '../../../lambdas/contracts/order-number';
import { MESSAGES } from '../../../lambdas/core/dialog/messages';
import { normaliseName } from '../../../lambdas/core/orders/catalog-index';
import { BOT_LOCALE_IDS, BOT_MODEL, buildBotModel, CUSTOM_INTENT_NAMES, SLOT_NAMES } from '../../../lib/bot';

const locales = SUPPORTED_LOCALES.map((l) => BOT_MODEL.locales[l]);

describe('bot model', () => {
  it('defines every intent, FallbackIntent included, in every locale', () => {
    // Prepare / Act
    const names = locales.map((l) => l.intents.map((i) => i.name).sort());
    // Assess
    const faq = FAQ.entries.map((e) => e.intent);
    for (const n of names) expect(n).toEqual([...CUSTOM_INTENT_NAMES, ...faq, 'FallbackIntent'].sort());
  });

  it('has at least 15 distinct sample utterances per custom intent and locale, none for FallbackIntent', () => {
    for (const locale of locales) {
      for (const intent of locale.intents) {
        if (intent.name === 'FallbackIntent') {
          expect(intent.sampleUtterances).toHaveLength(0);
          expect(intent.parentIntentSignature).toBe('AMAZON.FallbackIntent');
          continue;
        }
        expect(intent.sampleUtterances.length, `${locale.locale} ${intent.name}`).toBeGreaterThanOrEqual(15);
        expect(new Set(intent.sampleUtterances).size).toBe(intent.sampleUtterances.length);
      }
    }
  });

  it('never gives two intents of one locale the same utterance', () => {
    for (const locale of locales) {
      const seen = new Map<string, string>();
      for (const intent of locale.intents) {
        for (const u of intent.sampleUtterances) {
          const key = normaliseName(u);
          expect(seen.get(key), `"${u}" in ${intent.name} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, intent.name);
        }
      }
    }
  });

  it('references only slots the intent has, and uses no punctuation Lex would train on', () => {
    for (const locale of locales) {
      for (const intent of locale.intents) {
        const slotNames = new Set(intent.slots.map((s) => s.name));
        for (const u of intent.sampleUtterances) {
          for (const [, ref] of u.matchAll(/\{([^}]*)\}/g))
            expect(slotNames.has(ref as never), `${u}`).toBe(true);
          expect(u.replace(/\{[A-Za-z]+\}/g, ''), u).toMatch(/^[\p{L}\p{N}' -]*$/u);
        }
      }
    }
  });

  it('elicits exactly the intent slots, in a declared order, with a prompt per slot', () => {
    for (const locale of locales) {
      for (const intent of locale.intents) {
        expect([...intent.slotElicitationOrder].sort()).toEqual(intent.slots.map((s) => s.name).sort());
        for (const slot of intent.slots) {
          expect(SLOT_NAMES).toContain(slot.name);
          expect(slot.prompt.length).toBeGreaterThan(0);
        }
      }
      const placeOrder = locale.intents.find((i) => i.name === 'PlaceOrder');
      expect(placeOrder?.slotElicitationOrder).toEqual([
        'Product',
        'Quantity',
        'UseDetailsOnFile',
        'RecipientName',
        'DeliveryAddress',
        'UpdatesPhone',
      ]);
      expect(placeOrder?.confirmation?.prompt).toContain('{Quantity}');
    }
  });

  it('asks for delivery details as masked free-form answers that Lex never elicits on its own', () => {
    for (const locale of locales) {
      const placeOrder = locale.intents.find((i) => i.name === 'PlaceOrder');
      const delivery = placeOrder?.slots.filter((s) =>
        ['UseDetailsOnFile', 'RecipientName', 'DeliveryAddress', 'UpdatesPhone'].includes(s.name),
      );
      expect(delivery?.map((s) => [s.name, s.slotTypeName, s.slotConstraint, s.obfuscation])).toEqual([
        ['UseDetailsOnFile', 'AMAZON.FreeFormInput', 'Optional', 'DefaultObfuscation'],
        ['RecipientName', 'AMAZON.FreeFormInput', 'Optional', 'DefaultObfuscation'],
        ['DeliveryAddress', 'AMAZON.FreeFormInput', 'Optional', 'DefaultObfuscation'],
        ['UpdatesPhone', 'AMAZON.FreeFormInput', 'Optional', 'DefaultObfuscation'],
      ]);
      // Lex rejects AMAZON.FreeFormInput in sample utterances.
      for (const intent of locale.intents) {
        for (const u of intent.sampleUtterances)
          expect(u).not.toMatch(/\{(?:RecipientName|DeliveryAddress|UpdatesPhone|UseDetailsOnFile)\}/);
      }
    }
  });

  it('masks every slot that can carry what a caller says in their own words or digits', () => {
    for (const locale of locales) {
      const closedLists = new Set(
        locale.slotTypes
          .filter((t) => t.values.length > 0 && t.resolutionStrategy === 'TOP_RESOLUTION' && !t.regexPattern)
          .map((t) => t.name as string),
      );
      for (const slot of locale.intents.flatMap((i) => i.slots)) {
        // Only a slot that resolves to one of our own catalog names may go unmasked.
        const expected = closedLists.has(slot.slotTypeName) ? 'None' : 'DefaultObfuscation';
        expect(`${slot.name}: ${slot.obfuscation}`).toBe(`${slot.name}: ${expected}`);
      }
    }
  });

  it('takes Product and Category slot values from the catalog in each locale', () => {
    for (const locale of locales) {
      const product = locale.slotTypes.find((t) => t.name === 'ProductName');
      expect(product?.values.map((v) => v.value)).toEqual(
        CATALOG.products.map((p) => p.names[locale.locale]),
      );
      const category = locale.slotTypes.find((t) => t.name === 'ProductCategory');
      expect(category?.values).toHaveLength(CATALOG.categories.length);
    }
  });

  it('rebuilds slot values from another catalog so the bot cannot drift from the data', () => {
    // Prepare
    const first = CATALOG.products[0];
    if (!first) throw new Error('the catalog has no products');
    const catalog = { ...CATALOG, products: [{ ...first, names: { 'en-US': 'Gizmo', 'zh-CN': '小玩意' } }] };
    // Act
    const model = buildBotModel(catalog);
    // Assess
    expect(model.locales['zh-CN'].slotTypes[0]?.values.map((v) => v.value)).toEqual(['小玩意']);
  });

  it('never lets one spoken name resolve to two products or categories', () => {
    for (const locale of locales) {
      for (const type of locale.slotTypes) {
        const names = type.values.flatMap((v) => [v.value, ...v.synonyms]).map(normaliseName);
        expect(new Set(names).size, `${locale.locale} ${type.name}`).toBe(names.length);
      }
    }
  });

  it('uses only built-in slot types that exist for en_US and zh_CN', () => {
    const builtIns = locales.flatMap((l) => l.intents.flatMap((i) => i.slots.map((s) => s.slotTypeName)));
    for (const t of builtIns.filter((n) => n.startsWith('AMAZON.'))) {
      expect(['AMAZON.Number', 'AMAZON.AlphaNumeric', 'AMAZON.FreeFormInput']).toContain(t);
    }
  });

  it('accepts every generated order number with the OrderNumber slot regex', () => {
    const type = BOT_MODEL.locales['en-US'].slotTypes.find((t) => t.name === 'OrderNumberType');
    const regex = new RegExp(`^${type?.regexPattern}$`);
    for (let i = 0; i < 200; i++) expect(randomOrderNumber()).toMatch(regex);
    expect(regex.test('012345')).toBe(false);
  });

  it("asks for a text with Lex's own prompt in the words the code hook records as the agreement", () => {
    for (const l of locales) {
      const prompt = l.intents.find((i) => i.name === 'TextProductLink')?.confirmation?.prompt ?? '';
      for (const p of CATALOG.products) {
        const name = p.names[l.locale];
        expect(prompt.replace('{Product}', name)).toBe(MESSAGES[l.locale].confirmText(name));
      }
    }
  });

  it('maps our locales to Lex locale ids and back', () => {
    for (const l of SUPPORTED_LOCALES) {
      expect(BOT_MODEL.locales[l].localeId).toBe(BOT_LOCALE_IDS[l]);
      expect(LEX_LOCALE_ID_BY_LOCALE[l]).toBe(BOT_LOCALE_IDS[l]);
      expect(LOCALE_BY_LEX_LOCALE_ID[BOT_LOCALE_IDS[l]]).toBe(l);
    }
  });
});
