import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config';
import {
  consentPath,
  FLOW_PARTS,
  type FlowDiagram,
  flowDiagrams,
  flowPartOf,
  flowToMermaid,
  flowValues,
  localeOfAction,
  PLACEHOLDER_ARNS,
  renderFlow,
} from '../../../lib/flows';
import { configFor, inbound } from './helpers';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Whether two boxes share any area (touching edges do not count). */
const intersects = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

/** Every pair of boxes that overlap, named. */
function overlaps<T extends Box>(boxes: readonly T[], name: (b: T) => string): string[] {
  const out: string[] = [];
  boxes.forEach((a, i) => {
    for (const b of boxes.slice(i + 1)) if (intersects(a, b)) out.push(`${name(a)} / ${name(b)}`);
  });
  return out;
}

describe('flow diagrams', () => {
  const flow = inbound(configFor('en-US'));

  it('highlights exactly the actions on the way to recording', () => {
    // Prepare / Act
    const { nodes } = consentPath(flow);
    // Assess
    expect([...nodes].sort()).toEqual(
      [
        'logging-on',
        'recording-off-start',
        'voice-en-US',
        'language-en-US',
        'locale-attr-en-US',
        'notice-en-US',
        'consent-ask-1-en-US',
        'consent-ask-2-en-US',
        'consent-ask-3-en-US',
        'consent-digit-1-en-US',
        'consent-digit-2-en-US',
        'consent-invoke-en-US',
        'consent-store-en-US',
        'consent-check-en-US',
        'recording-on-en-US',
      ].sort(),
    );
  });

  it('puts the notice and consent, the bot, the callback, withdrawal and payment in parts of their own', () => {
    const part = (id: string) => flowPartOf({ Identifier: id });
    expect(part('logging-on')).toBe('consent');
    expect(part('lang-menu')).toBe('consent');
    expect(part('notice-zh-CN')).toBe('consent');
    expect(part('recording-on-en-US')).toBe('consent');
    expect(part('bot-again-en-US')).toBe('bot');
    expect(part('disconnect-en-US')).toBe('bot');
    expect(part('withdraw-ledger-en-US')).toBe('withdrawal');
    expect(part('bot-exit-withdraw-en-US')).toBe('withdrawal');
    expect(part('pay-card-en-US')).toBe('payment');
    expect(part('closed-offer-en-US')).toBe('callback');
    expect(part('callback-number-zh-CN')).toBe('callback');
    expect(part('hours-en-US')).toBe('bot');
    expect(part('pay-later-zh-CN')).toBe('payment');
    expect(localeOfAction('notice-zh-CN')).toBe('zh-CN');
    expect(localeOfAction('lang-menu')).toBeUndefined();
  });
});

describe('flow diagrams of the default config, laid out by ELK', () => {
  const config = parseConfig({});
  const { paymentFunctionArn: _card, ...payLaterArns } = PLACEHOLDER_ARNS;
  const withCard = renderFlow('inbound', flowValues(config, PLACEHOLDER_ARNS));
  const payLater = renderFlow('inbound', flowValues(config, payLaterArns));
  let card: FlowDiagram[] = [];
  let later: FlowDiagram[] = [];

  beforeAll(async () => {
    card = await flowDiagrams(withCard, { title: 'inbound <test> & review' });
    later = await flowDiagrams(payLater, {
      title: 'inbound',
      partTitles: { payment: 'pay later' },
      partNames: { payment: 'pay-later' },
    });
  });

  it('draws one picture per part and locale, and every action of the flow in some picture', () => {
    for (const [flow, pictures] of [
      [withCard, card],
      [payLater, later],
    ] as const) {
      expect(pictures.map((p) => `${p.part}-${p.locale}`).sort()).toEqual(
        Object.keys(FLOW_PARTS)
          .flatMap((part) => config.locales.map((l) => `${part}-${l}`))
          .sort(),
      );
      const drawn = new Set(pictures.flatMap((p) => p.actions));
      expect(flow.Actions.map((a) => a.Identifier).filter((id) => !drawn.has(id))).toEqual([]);
    }
    expect([...(later.find((p) => p.name === 'pay-later-en-US')?.actions ?? [])].sort()).toEqual([
      'pay-later-en-US',
      'pay-loop-en-US',
    ]);
    expect(later.find((p) => p.name === 'pay-later-en-US')?.title).toBe('inbound: pay later (en-US)');
  });

  it('places no two boxes, no two labels and no label and box over each other', () => {
    // The check can fail: overlapping boxes are found, touching ones are not.
    expect(
      overlaps(
        [
          { x: 0, y: 0, width: 10, height: 10, n: 'a' },
          { x: 5, y: 5, width: 10, height: 10, n: 'b' },
        ],
        (b) => b.n,
      ),
    ).toEqual(['a / b']);
    expect(
      overlaps(
        [
          { x: 0, y: 0, width: 10, height: 10, n: 'a' },
          { x: 10, y: 0, width: 10, height: 10, n: 'b' },
        ],
        (b) => b.n,
      ),
    ).toEqual([]);
    for (const picture of [...card, ...later]) {
      const boxes = picture.boxes.map((b) => ({ ...b, name: b.id }));
      const labels = picture.labels.map((l) => ({ ...l, name: `label "${l.text}"` }));
      expect(
        overlaps(boxes, (b) => b.name),
        picture.name,
      ).toEqual([]);
      expect(
        overlaps(labels, (b) => b.name),
        picture.name,
      ).toEqual([]);
      expect(
        overlaps([...boxes, ...labels], (b) => b.name),
        picture.name,
      ).toEqual([]);
      expect(picture.labels.length, picture.name).toBeGreaterThan(0);
    }
  });

  it('keeps every picture a readable size, inside its canvas', () => {
    for (const picture of [...card, ...later]) {
      expect(picture.width, picture.name).toBeLessThanOrEqual(1600);
      // The consent part holds the language menu twice (a wrong key or silence re-asks once).
      expect(picture.height, picture.name).toBeLessThanOrEqual(2600);
      for (const b of [...picture.boxes, ...picture.labels]) {
        expect(b.x, picture.name).toBeGreaterThanOrEqual(0);
        expect(b.y, picture.name).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, picture.name).toBeLessThanOrEqual(picture.width);
        expect(b.y + b.height, picture.name).toBeLessThanOrEqual(picture.height);
      }
    }
  });

  it('draws the consent path in green, recording actions outlined and card inputs marked', () => {
    // Prepare
    const consent = card.find((p) => p.name === 'consent-en-US')?.svg ?? '';
    const bot = card.find((p) => p.name === 'bot-en-US')?.svg ?? '';
    const payment = card.find((p) => p.name === 'payment-en-US')?.svg ?? '';
    // Assess
    expect(consent.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(consent.trimEnd().endsWith('</svg>')).toBe(true);
    expect(consent).toMatch(
      /<title>inbound &lt;test&gt; &amp; review: language, notice and consent \(en-US\)<\/title>/,
    );
    expect(consent).toContain('<g class="node consent recording" data-id="recording-on-en-US">');
    expect(consent).toContain('<g class="node consent folded" data-id="notice-en-US">');
    expect(consent).toMatch(/<path class="edge consent"/);
    expect(bot).toContain('<g class="node folded" data-id="goodbye-en-US">');
    expect(bot).toContain('data-id="entry:language, notice and consent"');
    expect(payment).toContain('data-id="pay-card-en-US"');
    expect(payment).toMatch(/<g class="node card[^"]*" data-id="pay-card-en-US">/);
    for (const p of card) {
      expect(p.svg.match(/<g class="node/g)?.length, p.name).toBe(p.actions.length);
      expect(p.svg, p.name).not.toMatch(/<title>\s*<\/title>/);
      expect(p.svg, p.name).not.toMatch(/<title>[^<]*&(?!amp;|lt;|gt;|quot;)/);
    }
  });

  it('gives the ids of each picture a prefix, so pictures (both payment renderings too) share one page', () => {
    // The page flows:diagram writes: the deployed flow's parts and the card-payment part.
    const page = [...later, ...card.filter((p) => p.part === 'payment')];
    const ids = page.flatMap((p) => [...p.svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('flow Mermaid text', () => {
  it('writes Mermaid text with the consent path styled', () => {
    // Prepare / Act
    const mermaid = flowToMermaid(inbound(configFor('en-US')));
    // Assess
    expect(mermaid).toMatch(/^flowchart TD\n/);
    expect(mermaid).toMatch(/-->\|"= GRANTED"\|/);
    expect(mermaid).toMatch(/\n {2}linkStyle [\d,]+ stroke:#1a7f37/);
    expect(mermaid).toMatch(/\n {2}class n\d+ recording\n/);
  });
});
