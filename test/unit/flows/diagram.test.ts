import { describe, expect, it } from 'vitest';
import { consentPath, flowToMermaid, flowToSvg, layoutFlow } from '../../../lib/flows';
import { configFor, inbound } from './helpers';

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

  it('places every action once, each layer below its predecessors, without overlaps', () => {
    // Prepare / Act
    const layout = layoutFlow(flow);
    // Assess
    expect(layout.nodes.size).toBe(flow.Actions.length);
    const spots = new Set([...layout.nodes.values()].map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(flow.Actions.length);
    for (const { from, edge } of layout.edges) {
      expect(layout.nodes.get(edge.target)?.layer).toBeGreaterThan(layout.nodes.get(from)?.layer ?? Infinity);
    }
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
