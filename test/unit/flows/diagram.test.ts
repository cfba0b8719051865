import { describe, expect, it } from 'vitest';
import { consentPath, edgesOf, flowToMermaid, flowToSvg, layoutFlow } from '../../../lib/flows';
import { configFor, inbound } from './helpers';

describe('flow diagrams', () => {
  const flow = inbound(configFor('en-US'));
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  /** Whether `to` can be reached from `from`. */
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const id = todo.pop() as string;
      if (id === to) return true;
      const a = byId.get(id);
      if (a === undefined || seen.has(id)) continue;
      seen.add(id);
      todo.push(...edgesOf(a).map((e) => e.target));
    }
    return false;
  };

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

  it('places every action once, each layer below its predecessors, without overlaps', () => {
    // Prepare / Act
    const layout = layoutFlow(flow);
    // Assess
    expect(layout.nodes.size).toBe(flow.Actions.length);
    const spots = new Set([...layout.nodes.values()].map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(flow.Actions.length);
    const upward: string[] = [];
    for (const { from, edge } of layout.edges) {
      const target = layout.nodes.get(edge.target);
      if ((target?.layer ?? -1) > (layout.nodes.get(from)?.layer ?? Infinity)) continue;
      // Only an edge that closes a cycle (the bot re-entry Loop) may point upwards.
      expect(reaches(edge.target, from), `${from} -> ${edge.target}`).toBe(true);
      upward.push(`${from} -> ${edge.target}`);
    }
    expect(upward.length).toBeGreaterThan(0);
  });

  it('draws a node per action, the consent path in green and recording actions outlined', () => {
    // Prepare / Act
    const svg = flowToSvg(flow, 'inbound <test> & review');
    // Assess
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<g class="node/g)).toHaveLength(flow.Actions.length);
    expect(svg).toContain('<g class="node consent recording" data-id="recording-on-en-US">');
    expect(svg).toContain('<g class="node consent" data-id="notice-en-US">');
    expect(svg).toContain('<g class="node" data-id="goodbye-en-US">');
    expect(svg).toContain('inbound &lt;test&gt; &amp; review');
    expect(svg).not.toMatch(/<title>[^<]*&(?!amp;|lt;|gt;|quot;)/);
  });

  it('writes Mermaid text with the consent path styled', () => {
    // Prepare / Act
    const mermaid = flowToMermaid(flow);
    // Assess
    expect(mermaid).toMatch(/^flowchart TD\n/);
    expect(mermaid).toMatch(/-->\|"= GRANTED"\|/);
    expect(mermaid).toMatch(/\n {2}linkStyle [\d,]+ stroke:#1a7f37/);
    expect(mermaid).toMatch(/\n {2}class n\d+ recording\n/);
  });
});
