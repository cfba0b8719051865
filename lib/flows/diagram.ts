import { enablesRecording } from './actions';
import { edgesOf, type FlowAction, type FlowDocument, type FlowEdge, paramAt } from './model';

/** A node placed by {@link layoutFlow}. */
export interface PlacedNode {
  /** The action. */
  readonly action: FlowAction;
  /** Layer (0 = StartAction). */
  readonly layer: number;
  /** Position within the layer. */
  readonly order: number;
  /** Centre x in pixels. */
  readonly x: number;
  /** Top y in pixels. */
  readonly y: number;
}

/** A flow laid out in layers, top to bottom. */
export interface FlowLayout {
  /** Nodes by identifier. */
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  /** Every edge whose target exists. */
  readonly edges: readonly { readonly from: string; readonly index: number; readonly edge: FlowEdge }[];
  /** Canvas width in pixels. */
  readonly width: number;
  /** Canvas height in pixels. */
  readonly height: number;
}

const NODE_W = 210;
const NODE_H = 46;
const GAP_X = 36;
const GAP_Y = 70;
const MARGIN = 40;
const LEGEND_H = 70;

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

/**
 * Places actions in layers by longest distance from StartAction (back edges of cycles are
 * ignored), then orders each layer by the mean position of its predecessors (two sweeps of the
 * barycentre heuristic) to keep edges short and mostly uncrossed.
 */
export function layoutFlow(flow: FlowDocument): FlowLayout {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  // Topological order by DFS finishing time; back edges (cycles) are dropped for layering.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const dfs = (id: string): void => {
    state.set(id, 'open');
    const a = byId.get(id);
    edgesOf(a as FlowAction).forEach((e, i) => {
      if (!byId.has(e.target)) return;
      const s = state.get(e.target);
      if (s === 'open') back.add(edgeKey(id, i));
      else if (s === undefined) dfs(e.target);
    });
    state.set(id, 'done');
    order.push(id);
  };
  if (byId.has(flow.StartAction)) dfs(flow.StartAction);
  for (const a of flow.Actions) if (!state.has(a.Identifier)) dfs(a.Identifier);
  order.reverse();

  const layer = new Map<string, number>(order.map((id) => [id, 0]));
  for (const id of order) {
    const a = byId.get(id) as FlowAction;
    edgesOf(a).forEach((e, i) => {
      if (!byId.has(e.target) || back.has(edgeKey(id, i))) return;
      layer.set(e.target, Math.max(layer.get(e.target) ?? 0, (layer.get(id) ?? 0) + 1));
    });
  }
  const layers: string[][] = [];
  for (const id of order) {
    const l = layer.get(id) ?? 0;
    layers[l] = [...(layers[l] ?? []), id];
  }
  const preds = new Map<string, string[]>();
  for (const a of flow.Actions) {
    for (const e of edgesOf(a)) {
      if (byId.has(e.target)) preds.set(e.target, [...(preds.get(e.target) ?? []), a.Identifier]);
    }
  }
  const position = new Map<string, number>();
  const setPositions = () => {
    for (const ids of layers) {
      for (const [i, id] of (ids ?? []).entries()) position.set(id, i);
    }
  };
  setPositions();
  for (let sweep = 0; sweep < 2; sweep++) {
    for (let l = 1; l < layers.length; l++) {
      const ids = layers[l] ?? [];
      const bary = (id: string) => {
        const ps = (preds.get(id) ?? []).filter((p) => (layer.get(p) ?? 0) < l);
        return ps.length === 0
          ? (position.get(id) ?? 0)
          : ps.reduce((s, p) => s + (position.get(p) ?? 0), 0) / ps.length;
      };
      layers[l] = [...ids].sort((a, b) => bary(a) - bary(b));
      setPositions();
    }
  }
  const widest = Math.max(1, ...layers.map((ids) => ids?.length ?? 0));
  const width = MARGIN * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  const nodes = new Map<string, PlacedNode>();
  layers.forEach((ids, l) => {
    const rowWidth = ids.length * NODE_W + (ids.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    ids.forEach((id, i) => {
      nodes.set(id, {
        action: byId.get(id) as FlowAction,
        layer: l,
        order: i,
        x: left + i * (NODE_W + GAP_X) + NODE_W / 2,
        y: LEGEND_H + MARGIN + l * (NODE_H + GAP_Y),
      });
    });
  });
  const edges = flow.Actions.flatMap((a) =>
    edgesOf(a)
      .map((edge, index) => ({ from: a.Identifier, index, edge }))
      .filter(({ edge }) => byId.has(edge.target)),
  );
  return {
    nodes,
    edges,
    width,
    height: LEGEND_H + MARGIN * 2 + layers.length * (NODE_H + GAP_Y) - GAP_Y,
  };
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** What a node says or does, for its tooltip: the prompt text or the key parameters. */
function describe(action: FlowAction): string {
  const text = paramAt(action, 'Text');
  if (typeof text === 'string') return text;
  return JSON.stringify(action.Parameters);
}

/**
 * Draws a flow as a standalone SVG: one box per action (identifier and type; the prompt text
 * as tooltip), arrows for transitions (error branches dashed), and the consent path
 * ({@link consentPath}) highlighted in green with recording actions outlined in red.
 */
export function flowToSvg(flow: FlowDocument, title: string): string {
  const layout = layoutFlow(flow);
  const consent = consentPath(flow);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="Helvetica, Arial, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker>',
    '<marker id="arrow-consent" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1a7f37"/></marker>',
    '</defs>',
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    `<text x="${MARGIN}" y="28" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<rect x="${MARGIN}" y="42" width="18" height="12" fill="#dafbe1" stroke="#1a7f37" stroke-width="2"/>`,
    `<text x="${MARGIN + 26}" y="53" font-size="12">consent path: notice → consent input → consent Lambda → consent = GRANTED → recording</text>`,
    `<rect x="${MARGIN + 560}" y="42" width="18" height="12" fill="#fff" stroke="#cf222e" stroke-width="3"/>`,
    `<text x="${MARGIN + 586}" y="53" font-size="12">enables recording</text>`,
    `<line x1="${MARGIN + 720}" y1="48" x2="${MARGIN + 760}" y2="48" stroke="#999" stroke-dasharray="5,4"/>`,
    `<text x="${MARGIN + 768}" y="53" font-size="12">error branch</text>`,
  );
  layout.edges.forEach(({ from, index, edge }) => {
    const a = layout.nodes.get(from);
    const b = layout.nodes.get(edge.target);
    if (a === undefined || b === undefined) return;
    const onPath = consent.edges.has(edgeKey(from, index));
    const x1 = a.x;
    const y1 = a.y + NODE_H;
    const x2 = b.x;
    const y2 = b.y;
    const upward = y2 <= y1;
    const d = upward
      ? `M${x1},${y1} C${x1 + 140},${y1 + 60} ${x2 + 140},${y2 - 60} ${x2},${y2}`
      : `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
    const stroke = onPath ? '#1a7f37' : edge.kind === 'error' ? '#999' : '#666';
    const dash = edge.kind === 'error' && !onPath ? ' stroke-dasharray="5,4"' : '';
    const cls = onPath ? 'edge consent' : `edge ${edge.kind}`;
    parts.push(
      `<path class="${cls}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${onPath ? 3 : 1.2}"${dash} marker-end="url(#${onPath ? 'arrow-consent' : 'arrow'})"><title>${escapeXml(`${from} ${edge.label} → ${edge.target}`)}</title></path>`,
    );
    if (edge.kind !== 'next') {
      const lx = (x1 + x2) / 2 + (x1 === x2 ? 6 : 0);
      const ly = (y1 + y2) / 2;
      parts.push(
        `<text x="${lx}" y="${ly}" font-size="10" fill="${onPath ? '#1a7f37' : '#555'}" text-anchor="middle">${escapeXml(shorten(edge.label.replace(/^! /, ''), 24))}</text>`,
      );
    }
  });
  for (const node of layout.nodes.values()) {
    const onPath = consent.nodes.has(node.action.Identifier);
    const recording = enablesRecording(node.action);
    const fill = onPath ? '#dafbe1' : node.action.Identifier.startsWith('apology') ? '#fff8c5' : '#f6f8fa';
    const stroke = recording ? '#cf222e' : onPath ? '#1a7f37' : '#8c959f';
    const cls = `node${onPath ? ' consent' : ''}${recording ? ' recording' : ''}`;
    parts.push(
      `<g class="${cls}" data-id="${escapeXml(node.action.Identifier)}">`,
      `<title>${escapeXml(`${node.action.Identifier} (${node.action.Type})\n${describe(node.action)}`)}</title>`,
      `<rect x="${node.x - NODE_W / 2}" y="${node.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${recording ? 3 : onPath ? 2 : 1}"/>`,
      `<text x="${node.x}" y="${node.y + 19}" font-size="12" font-weight="bold" text-anchor="middle">${escapeXml(shorten(node.action.Identifier, 30))}</text>`,
      `<text x="${node.x}" y="${node.y + 36}" font-size="10" fill="#57606a" text-anchor="middle">${escapeXml(node.action.Type)}</text>`,
      '</g>',
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The same picture as Mermaid `flowchart` text (renders on GitHub), consent path highlighted. */
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
