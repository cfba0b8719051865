import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { enablesRecording } from './actions';
import { edgesOf, type FlowAction, type FlowDocument, type FlowEdge, paramAt } from './model';
import { collectsCardInput } from './properties';

/**
 * Diagrams of a flow for legal review: one picture per part of the call (language, notice and
 * consent; the bot and what it hands off to; payment) and locale, laid out by ELK (the Eclipse
 * Layout Kernel, `elkjs`) with its layered algorithm: ELK places the boxes, routes the edges
 * orthogonally and places every edge label so that no two labels and no label and box overlap.
 * This module only decides what goes into each picture and draws ELK's coordinates as SVG.
 */

/** The parts a flow is drawn in. */
export const FLOW_PARTS = {
  consent: {
    title: 'language, notice and consent',
    summary:
      'logging and recording off, the language menu, the notice, the consent question and the recording decision',
  },
  bot: {
    title: 'bot hand-off',
    summary: 'the bot and what it hands the call to: an agent, the goodbye, payment or withdrawal',
  },
  callback: {
    title: 'out-of-hours callback',
    summary:
      'nobody is on duty: the hours, and a callback on the caller ID when it is a number, or the way back to the bot',
  },
  withdrawal: {
    title: 'withdrawal of consent',
    summary: 'the caller withdraws consent during the call: ledger, recording stopped, the caller told',
  },
  payment: {
    title: 'payment',
    summary: 'what happens when the bot hands over a payment',
  },
} as const;

/** A part of the flow. */
export type FlowPart = keyof typeof FLOW_PARTS;

/** The locale suffix of an identifier (`notice-en-US` → `en-US`), if it has one. */
export function localeOfAction(identifier: string): string | undefined {
  return /-([a-z]{2}-[A-Z]{2})$/.exec(identifier)?.[1];
}

/**
 * The part an action belongs to, by the identifier conventions of the fragments in
 * `contact-flows/inbound/`: payment actions start with `pay-`, withdrawal actions with `withdraw-`,
 * the out-of-hours actions with `closed-`, `apology-closed-` or `callback-`;
 * the skeleton, the language menu and each locale's voice, notice, consent and recording-decision
 * actions are the consent part; the rest of a locale segment (bot, transfer, endings) is the bot part.
 */
export function flowPartOf(action: Pick<FlowAction, 'Identifier'>): FlowPart {
  const id = action.Identifier;
  if (id.startsWith('pay-')) return 'payment';
  if (/^(withdraw-|bot-exit-withdraw-)/.test(id)) return 'withdrawal';
  if (/^(closed-|apology-closed-|callback-)/.test(id)) return 'callback';
  if (
    localeOfAction(id) === undefined ||
    /^(lang-|voice-|language-|locale-attr-|notice-|consent-|recording-|apology-consent-)/.test(id)
  ) {
    return 'consent';
  }
  return 'bot';
}

/**
 * The consent path for legal review: every action and edge that lies on some path from
 * StartAction to an action that enables recording (forward-reachable from the start and
 * backward-reachable from a recording action).
 */
export function consentPath(flow: FlowDocument): { nodes: Set<string>; edges: Set<string> } {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const forward = new Set<string>();
  const stack = [flow.StartAction];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    const a = byId.get(id);
    if (a === undefined || forward.has(id)) continue;
    forward.add(id);
    for (const e of edgesOf(a)) stack.push(e.target);
  }
  const incoming = new Map<string, string[]>();
  for (const a of flow.Actions) {
    for (const e of edgesOf(a)) incoming.set(e.target, [...(incoming.get(e.target) ?? []), a.Identifier]);
  }
  const backward = new Set<string>();
  const todo = flow.Actions.filter(enablesRecording).map((a) => a.Identifier);
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (backward.has(id)) continue;
    backward.add(id);
    todo.push(...(incoming.get(id) ?? []));
  }
  const nodes = new Set([...forward].filter((id) => backward.has(id)));
  const edges = new Set<string>();
  for (const a of flow.Actions) {
    edgesOf(a).forEach((e, i) => {
      if (nodes.has(a.Identifier) && nodes.has(e.target)) edges.add(edgeKey(a.Identifier, i));
    });
  }
  return { nodes, edges };
}

const edgeKey = (from: string, index: number): string => `${from}#${index}`;

/** A box ELK placed: an action, or a stub for a transition into or out of the picture. */
export interface PlacedBox {
  readonly id: string;
  readonly kind: 'action' | 'exit' | 'entry';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An edge label ELK placed. */
export interface PlacedLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One picture: a part of the flow for one locale. */
export interface FlowDiagram {
  readonly part: FlowPart;
  /** The locale the picture is for. */
  readonly locale: string;
  /** `<part>-<locale>`, e.g. `consent-en-US` (see {@link FlowDiagramOptions.partNames}): usable as a file name. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  /** Identifiers of the flow's actions drawn in this picture. */
  readonly actions: readonly string[];
  readonly boxes: readonly PlacedBox[];
  readonly labels: readonly PlacedLabel[];
}

/** Options of {@link flowDiagrams}. */
export interface FlowDiagramOptions {
  /** Heading of every picture (the part and locale are added). */
  readonly title: string;
  /** Draw only these parts. @default every part the flow has */
  readonly parts?: readonly FlowPart[];
  /** A title per part instead of {@link FLOW_PARTS}' (e.g. `pay later` for a flow without card payment). */
  readonly partTitles?: Readonly<Partial<Record<FlowPart, string>>>;
  /**
   * A name per part instead of the part's key, for {@link FlowDiagram.name} and the SVG's ids (so
   * two renderings of a part can share a page). @default the part
   */
  readonly partNames?: Readonly<Partial<Record<FlowPart, string>>>;
}

const FONT = 'Noto Sans, DejaVu Sans, Helvetica, Arial, sans-serif';
const ID_FONT = 12;
const TYPE_FONT = 10;
const LABEL_FONT = 10;
const LINE = 13;
const PAD_X = 12;
const MARGIN = 24;
/** Generic error branches drawn as a mark on the box instead of an arrow each. */
const FOLDED_ERROR = 'NoMatchingError';

/**
 * Width of ASCII text in a sans-serif font, per character class, on the wide side. The pictures
 * must not depend on a canvas or on the fonts installed where they are generated.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x2e80) ems += 1;
    else if (/[A-Z0-9#%&@MWmw_]/.test(ch)) ems += 0.74;
    else if (/[ .,:;'|!il()[\]ftjr-]/.test(ch)) ems += 0.36;
    else ems += 0.6;
  }
  return Math.ceil(ems * fontSize * (bold ? 1.08 : 1));
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What a node says or does, for its tooltip: the prompt text or the key parameters. */
function describe(action: FlowAction): string {
  const text = paramAt(action, 'Text');
  if (typeof text === 'string') return text;
  return JSON.stringify(action.Parameters);
}

/** The names the Amazon Connect console gives these branches; the flow language's are in the tooltip. */
const BRANCH_NAMES: Readonly<Record<string, string>> = {
  InputTimeLimitExceeded: 'Timeout',
  NoMatchingCondition: 'No match',
  NoMatchingError: 'Error',
  QueueAtCapacity: 'At capacity',
};

/** How an edge label reads: `= GRANTED`, `Timeout`, `Default`. */
const edgeText = (edge: FlowEdge): string =>
  edge.kind === 'error'
    ? (BRANCH_NAMES[edge.value ?? ''] ?? edge.value ?? edge.label)
    : edge.kind === 'next'
      ? 'Default'
      : edge.label;

interface DrawnEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** The original edges merged into this one (same source and target). */
  readonly edges: readonly FlowEdge[];
  readonly consent: boolean;
}

interface DrawnBox {
  readonly id: string;
  readonly kind: PlacedBox['kind'];
  readonly lines: readonly { readonly text: string; readonly size: number; readonly bold?: boolean }[];
  readonly action?: FlowAction;
  readonly folded: boolean;
  readonly consent: boolean;
}

/** An identifier as a picture for `locale` shows it: without that locale's suffix. */
const shortId = (id: string, locale: string): string =>
  localeOfAction(id) === locale ? id.slice(0, -(locale.length + 1)) : id;

/** The boxes and edges of one picture, before layout. */
function pictureGraph(
  flow: FlowDocument,
  part: FlowPart,
  locale: string,
  consent: ReturnType<typeof consentPath>,
): { boxes: DrawnBox[]; edges: DrawnEdge[] } {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const inPicture = (a: FlowAction) => {
    if (flowPartOf(a) !== part) return false;
    const l = localeOfAction(a.Identifier);
    // The skeleton and the language menu come before any locale: they open every consent picture.
    return l === locale || (part === 'consent' && (l === undefined || a.Identifier.startsWith('lang-')));
  };
  const members = flow.Actions.filter(inPicture);
  const ids = new Set(members.map((a) => a.Identifier));
  const apology = `apology-${locale}`;
  const boxes = new Map<string, DrawnBox>();
  const edges = new Map<string, { from: string; to: string; edges: FlowEdge[]; consent: boolean }>();
  const addEdge = (from: string, to: string, edge: FlowEdge, onPath: boolean) => {
    const key = `${from}->${to}`;
    const e = edges.get(key) ?? { from, to, edges: [], consent: false };
    e.edges.push(edge);
    e.consent ||= onPath;
    edges.set(key, e);
  };
  for (const action of members) {
    const out = edgesOf(action);
    const folded = out.some((e) => e.kind === 'error' && e.value === FOLDED_ERROR && e.target === apology);
    boxes.set(action.Identifier, {
      id: action.Identifier,
      kind: 'action',
      action,
      folded,
      consent: consent.nodes.has(action.Identifier),
      lines: [
        // The picture is for one locale (its title says which): the boxes drop the suffix.
        { text: shortId(action.Identifier, locale), size: ID_FONT, bold: true },
        { text: action.Type, size: TYPE_FONT },
      ],
    });
    out.forEach((edge, i) => {
      if (!byId.has(edge.target)) return;
      if (edge.kind === 'error' && edge.value === FOLDED_ERROR && edge.target === apology) return;
      const onPath = consent.edges.has(edgeKey(action.Identifier, i));
      if (ids.has(edge.target)) {
        addEdge(action.Identifier, edge.target, edge, onPath);
        return;
      }
      const target = byId.get(edge.target) as FlowAction;
      const stub = `exit:${edge.target}`;
      const where = FLOW_PARTS[flowPartOf(target)].title;
      const targetLocale = localeOfAction(edge.target);
      boxes.set(stub, {
        id: stub,
        kind: 'exit',
        folded: false,
        consent: consent.nodes.has(edge.target),
        lines: [
          { text: `→ ${shortId(edge.target, locale)}`, size: ID_FONT - 1, bold: true },
          {
            text: `${where}${targetLocale && targetLocale !== locale ? ` (${targetLocale})` : ''}`,
            size: TYPE_FONT,
          },
        ],
      });
      addEdge(action.Identifier, stub, edge, onPath);
    });
  }
  // Transitions from other pictures into this one: one entry stub per part they come from.
  for (const action of flow.Actions) {
    if (ids.has(action.Identifier)) continue;
    edgesOf(action).forEach((edge, i) => {
      if (!ids.has(edge.target)) return;
      if (edge.kind === 'error' && edge.value === FOLDED_ERROR) return;
      const from = flowPartOf(action);
      const fromLocale = localeOfAction(action.Identifier);
      const origin = `${FLOW_PARTS[from].title}${fromLocale && fromLocale !== locale ? ` (${fromLocale})` : ''}`;
      const stub = `entry:${origin}`;
      boxes.set(stub, {
        id: stub,
        kind: 'entry',
        folded: false,
        consent: false,
        lines: [
          { text: `from ${origin}`, size: ID_FONT - 1, bold: true },
          { text: 'other picture', size: TYPE_FONT },
        ],
      });
      addEdge(
        stub,
        edge.target,
        { ...edge, kind: 'next', label: 'next' },
        consent.edges.has(edgeKey(action.Identifier, i)),
      );
    });
  }
  return {
    boxes: [...boxes.values()],
    edges: [...edges.values()].map((e, i) => ({ ...e, id: `e${i}` })),
  };
}

/**
 * The lines of a merged edge's label: its branch names joined by ` · `, wrapped at about 24
 * characters (a lone Default says nothing and gets no label).
 */
function labelLines(edge: DrawnEdge): string[] {
  const names = [...new Set(edge.edges.map(edgeText))];
  if (names.length === 1 && names[0] === 'Default') return [];
  const lines: string[] = [];
  for (const name of names) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + name.length + 3 <= 24)
      lines[lines.length - 1] = `${last} · ${name}`;
    else lines.push(name);
  }
  return lines;
}

const boxSize = (box: DrawnBox) => ({
  width: Math.max(120, ...box.lines.map((l) => textWidth(l.text, l.size, l.bold) + 2 * PAD_X)),
  height: 14 + box.lines.length * 16,
});

/** ELK's layered layout, orthogonal edges, labels as their own layer items so nothing overlaps. */
const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.inline': 'false',
  'elk.layered.edgeLabels.sideSelection': 'SMART_DOWN',
  // A branch's label sits in the layer right after the box it leaves, as Connect shows branches.
  'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'TAIL_LAYER',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.spacing.nodeNode': '22',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelLabel': '4',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.thoroughness': '20',
  'elk.padding': '[top=8,left=8,bottom=8,right=8]',
};

/** ELK, loaded once and only when a diagram is drawn (the CDK app imports this module too). */
let elk: Promise<{ layout(graph: ElkNode): Promise<ElkNode> }> | undefined;
function layoutEngine() {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Elk = (m.default ?? m) as unknown as new () => { layout(graph: ElkNode): Promise<ElkNode> };
    return new Elk();
  });
  return elk;
}

const LEGEND_H = 66;

/** The mark of a box whose generic error branch is not drawn. */
const badge = (cx: number, cy: number): string =>
  `<g class="badge"><circle cx="${cx}" cy="${cy}" r="7" fill="#cf222e"/><text x="${cx}" y="${cy + 3.5}" font-size="10" font-weight="bold" fill="#ffffff" text-anchor="middle">!</text></g>`;

function legend(x: number, y: number, prefix: string): string {
  const items: string[] = [];
  let cx = x;
  const text = (t: string) => {
    items.push(`<text x="${cx}" y="${y + 10}" font-size="11">${escapeXml(t)}</text>`);
    cx += textWidth(t, 11) + 18;
  };
  items.push(
    `<rect x="${cx}" y="${y}" width="18" height="12" fill="#dafbe1" stroke="#1a7f37" stroke-width="2"/>`,
  );
  cx += 24;
  text('consent path (notice → consent → GRANTED → recording)');
  items.push(
    `<rect x="${cx}" y="${y}" width="18" height="12" fill="#fff" stroke="#cf222e" stroke-width="3"/>`,
  );
  cx += 24;
  text('enables recording');
  items.push(
    `<line x1="${cx}" y1="${y + 6}" x2="${cx + 30}" y2="${y + 6}" stroke="#8c959f" stroke-dasharray="5,4" marker-end="url(#${prefix}-arrow)"/>`,
  );
  cx += 36;
  text('error branch');
  items.push(
    `<rect x="${cx}" y="${y}" width="18" height="12" fill="#ddf4ff" stroke="#0969da" stroke-width="2"/>`,
  );
  cx += 24;
  text('encrypted card input');
  items.push(`<rect x="${cx}" y="${y}" width="18" height="12" fill="#fff8c5" stroke="#8c959f"/>`);
  cx += 24;
  text('apology');
  const second: string[] = [
    badge(x + 7, y + 26),
    `<text x="${x + 20}" y="${y + 30}" font-size="11">its Error branch (${FOLDED_ERROR}) goes to the apology of the locale, not drawn. Dashed boxes lead to or come from another picture; hover a box for its prompt.</text>`,
  ];
  return [...items, ...second].join('\n');
}

/** Draws one laid-out picture. */
function drawSvg(
  graph: ElkNode,
  drawn: { boxes: DrawnBox[]; edges: DrawnEdge[] },
  title: string,
  name: string,
): { svg: string; width: number; height: number; boxes: PlacedBox[]; labels: PlacedLabel[] } {
  const prefix = `fd-${name}`.replace(/[^A-Za-z0-9-]/g, '-');
  const top = MARGIN + LEGEND_H;
  const width = Math.ceil(Math.max((graph.width ?? 0) + 2 * MARGIN, 1000));
  const height = Math.ceil((graph.height ?? 0) + top + MARGIN);
  const left = Math.round((width - (graph.width ?? 0)) / 2);
  const byBox = new Map(drawn.boxes.map((b) => [b.id, b]));
  const byEdge = new Map(drawn.edges.map((e) => [e.id, e]));
  const placedBoxes: PlacedBox[] = [];
  const placedLabels: PlacedLabel[] = [];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs>',
    `<marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker>`,
    `<marker id="${prefix}-arrow-consent" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1a7f37"/></marker>`,
    '</defs>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN}" y="${MARGIN + 6}" font-size="17" font-weight="bold">${escapeXml(title)}</text>`,
    legend(MARGIN, MARGIN + 20, prefix),
    `<g transform="translate(${left},${top})">`,
  ];
  for (const e of graph.edges ?? []) {
    const edge = byEdge.get(e.id);
    if (!edge) continue;
    const allErrors = edge.edges.every((x) => x.kind === 'error');
    const stroke = edge.consent ? '#1a7f37' : allErrors ? '#8c959f' : '#57606a';
    const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const tip = `${edge.from} → ${edge.to}: ${edge.edges.map((x) => x.label).join(', ')}`;
    parts.push(
      `<path class="edge${edge.consent ? ' consent' : allErrors ? ' error' : ''}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${edge.consent ? 2.6 : 1.2}"${allErrors && !edge.consent ? ' stroke-dasharray="5,4"' : ''} marker-end="url(#${prefix}-${edge.consent ? 'arrow-consent' : 'arrow'})"><title>${escapeXml(tip)}</title></path>`,
    );
    for (const label of e.labels ?? []) {
      const lines = (label.text ?? '').split('\n');
      const lx = label.x ?? 0;
      const ly = label.y ?? 0;
      placedLabels.push({
        text: label.text ?? '',
        x: lx,
        y: ly,
        width: label.width ?? 0,
        height: label.height ?? 0,
      });
      parts.push(
        `<g class="edge-label"><rect x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" width="${label.width}" height="${label.height}" fill="#ffffff" fill-opacity="0.9"/>`,
        ...lines.map(
          (t, i) =>
            `<text x="${(lx + 2).toFixed(1)}" y="${(ly + 10 + i * LINE).toFixed(1)}" font-size="${LABEL_FONT}" fill="${edge.consent ? '#1a7f37' : '#424a53'}">${escapeXml(t)}</text>`,
        ),
        '</g>',
      );
    }
  }
  for (const n of graph.children ?? []) {
    const box = byBox.get(n.id);
    if (!box) continue;
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    const w = n.width ?? 0;
    const h = n.height ?? 0;
    placedBoxes.push({ id: n.id, kind: box.kind, x, y, width: w, height: h });
    const recording = box.action ? enablesRecording(box.action) : false;
    const card = box.action ? collectsCardInput(box.action) : false;
    const stub = box.kind !== 'action';
    const fill = stub
      ? '#ffffff'
      : card
        ? '#ddf4ff'
        : box.consent
          ? '#dafbe1'
          : box.id.startsWith('apology')
            ? '#fff8c5'
            : '#f6f8fa';
    const stroke = recording ? '#cf222e' : card ? '#0969da' : box.consent ? '#1a7f37' : '#8c959f';
    const cls = stub
      ? `stub ${box.kind}`
      : `node${box.consent ? ' consent' : ''}${recording ? ' recording' : ''}${card ? ' card' : ''}${box.folded ? ' folded' : ''}`;
    const tip = box.action
      ? `${box.action.Identifier} (${box.action.Type})\n${describe(box.action)}`
      : box.lines.map((l) => l.text).join('\n');
    parts.push(
      `<g class="${cls}" data-id="${escapeXml(stub ? box.id : (box.action?.Identifier ?? box.id))}">`,
      `<title>${escapeXml(tip)}</title>`,
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${recording ? 3 : box.consent || card ? 2 : 1}"${stub ? ' stroke-dasharray="4,3"' : ''}/>`,
      ...box.lines.map(
        (l, i) =>
          `<text x="${x + w / 2}" y="${y + 19 + i * 16}" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ''} fill="${i === 0 ? '#1f2328' : '#57606a'}" text-anchor="middle">${escapeXml(l.text)}</text>`,
      ),
      ...(box.folded ? [badge(x + w - 4, y + 4)] : []),
      '</g>',
    );
  }
  parts.push('</g>', '</svg>');
  const shift = <T extends { x: number; y: number }>(p: T): T => ({ ...p, x: p.x + left, y: p.y + top });
  return {
    svg: `${parts.join('\n')}\n`,
    width,
    height,
    boxes: placedBoxes.map(shift),
    labels: placedLabels.map(shift),
  };
}

/**
 * Draws a flow as one picture per part and locale, each laid out by ELK: boxes for actions (the
 * prompt as tooltip), arrows for transitions (parallel ones merged, error-only ones dashed), the
 * consent path ({@link consentPath}) in green with recording actions outlined in red, and dashed
 * stubs for transitions into or out of the picture. The generic NoMatchingError branch to the
 * locale's apology is a `!` on the box rather than an arrow from almost every box.
 */
export async function flowDiagrams(flow: FlowDocument, options: FlowDiagramOptions): Promise<FlowDiagram[]> {
  const consent = consentPath(flow);
  const locales = [
    ...new Set(flow.Actions.map((a) => localeOfAction(a.Identifier)).filter((l) => l !== undefined)),
  ];
  const engine = await layoutEngine();
  const out: FlowDiagram[] = [];
  for (const part of options.parts ?? (Object.keys(FLOW_PARTS) as FlowPart[])) {
    for (const locale of locales) {
      const drawn = pictureGraph(flow, part, locale, consent);
      const actions = drawn.boxes.filter((b) => b.kind === 'action').map((b) => b.id);
      if (actions.length === 0 || !actions.some((id) => localeOfAction(id) === locale)) continue;
      const graph: ElkNode = {
        id: 'root',
        layoutOptions: LAYOUT_OPTIONS,
        children: drawn.boxes.map((b) => ({ id: b.id, ...boxSize(b) })),
        edges: drawn.edges.map((e): ElkExtendedEdge => {
          const lines = labelLines(e);
          return {
            id: e.id,
            sources: [e.from],
            targets: [e.to],
            labels: lines.length
              ? [
                  {
                    text: lines.join('\n'),
                    width: Math.max(...lines.map((l) => textWidth(l, LABEL_FONT))) + 4,
                    height: lines.length * LINE + 2,
                    layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
                  },
                ]
              : [],
          };
        }),
      };
      const laid = await engine.layout(graph);
      const name = `${options.partNames?.[part] ?? part}-${locale}`;
      const title = `${options.title}: ${options.partTitles?.[part] ?? FLOW_PARTS[part].title} (${locale})`;
      const picture = drawSvg(laid, drawn, title, name);
      out.push({ part, locale, name, title, actions, ...picture });
    }
  }
  return out;
}

/** The same flow as Mermaid `flowchart` text (renders on GitHub), consent path highlighted. */
export function flowToMermaid(flow: FlowDocument): string {
  const consent = consentPath(flow);
  const ids = new Map(flow.Actions.map((a, i) => [a.Identifier, `n${i}`]));
  const lines = ['flowchart TD'];
  flow.Actions.forEach((a) => {
    const label = `${a.Identifier}<br/><small>${a.Type}</small>`.replace(/"/g, '#quot;');
    lines.push(`  ${ids.get(a.Identifier)}["${label}"]`);
  });
  const highlighted: number[] = [];
  let linkIndex = 0;
  for (const a of flow.Actions) {
    edgesOf(a).forEach((e, i) => {
      const to = ids.get(e.target);
      if (to === undefined) return;
      const arrow = e.kind === 'error' ? '-.->' : '-->';
      const label = e.kind === 'next' ? '' : `|"${e.label.replace(/"/g, '#quot;')}"|`;
      lines.push(`  ${ids.get(a.Identifier)} ${arrow}${label} ${to}`);
      if (consent.edges.has(edgeKey(a.Identifier, i))) highlighted.push(linkIndex);
      linkIndex++;
    });
  }
  lines.push('  classDef consent fill:#dafbe1,stroke:#1a7f37,stroke-width:2px');
  lines.push('  classDef recording fill:#dafbe1,stroke:#cf222e,stroke-width:3px');
  const consentIds = flow.Actions.filter((a) => consent.nodes.has(a.Identifier) && !enablesRecording(a));
  if (consentIds.length > 0)
    lines.push(`  class ${consentIds.map((a) => ids.get(a.Identifier)).join(',')} consent`);
  const recordingIds = flow.Actions.filter(enablesRecording);
  if (recordingIds.length > 0)
    lines.push(`  class ${recordingIds.map((a) => ids.get(a.Identifier)).join(',')} recording`);
  if (highlighted.length > 0)
    lines.push(`  linkStyle ${highlighted.join(',')} stroke:#1a7f37,stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}
