import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignFindings, type AlignInput } from '../../src/align/align.js';
import { SEVERITIES, type Finding } from '../../src/finding.js';
import type { Spot } from '../../src/report/report-schema.js';
import { alignInputArb, fileContents, shuffle } from '../helpers/arbitraries.js';

/** FC_NUM_RUNS=5000 for a soak run. */
const RUNS = { numRuns: Number(process.env.FC_NUM_RUNS ?? 150) };

/** Order-insensitive identity of a finding's content. */
function keyOf(finding: Finding): string {
  return JSON.stringify(Object.entries(finding).filter(([, value]) => value !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every finding a spot holds: its matched findings and, if the aligner merges one agent's near-duplicates, those too. */
function heldBy(spot: Spot): Finding[] {
  const duplicates = (spot as Spot & { duplicates?: Finding[] }).duplicates ?? [];
  return [...spot.findings, ...duplicates];
}

function countKeys(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
  return counts;
}

const rank = (finding: Finding) => SEVERITIES.indexOf(finding.severity);

/** The finding sets of spots where two or more agents agreed (agreed or split). */
function multiAgentGroups(spots: Spot[]): Map<string, number>[] {
  return spots.filter((spot) => spot.agents.length >= 2).map((spot) => countKeys(spot.findings));
}

function heldTogether(group: Map<string, number>, spots: Spot[]): boolean {
  return spots.some((spot) => {
    const held = countKeys(heldBy(spot));
    return [...group].every(([key, count]) => (held.get(key) ?? 0) >= count);
  });
}

const UNRELATED = {
  severity: 'info',
  category: 'style',
  title: 'Xylophone quartz melody drifts',
  detail: 'Wombats juggle fjord kiwis beneath zeppelins.',
  anchor: 'unverified',
} as const;

describe('alignFindings properties', () => {
  it('is deterministic and leaves its input untouched', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        const copy = structuredClone(input);
        const first = alignFindings(input);
        expect(input).toEqual(copy);
        expect(alignFindings(input)).toEqual(first);
        expect(alignFindings(copy)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('does not depend on the order of findings or of agents in coverage lists', () => {
    fc.assert(
      fc.property(alignInputArb, fc.integer(), (input, seed) => {
        const permuted: AlignInput = {
          findings: shuffle(input.findings, seed),
          coverage: Object.fromEntries(Object.entries(input.coverage).map(([file, agents], index) => [file, shuffle(agents, seed + index + 1)])),
          contents: input.contents,
        };
        expect(alignFindings(permuted)).toEqual(alignFindings(input));
      }),
      RUNS,
    );
  });

  it('puts every input finding into exactly one spot: nothing lost, nothing duplicated', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        const spots = alignFindings(input);
        const held = countKeys(spots.flatMap(heldBy));
        expect(held).toEqual(countKeys(input.findings));
      }),
      RUNS,
    );
  });

  it('never puts two findings of one agent into a spot\'s findings, and lists each reporting agent once', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        for (const spot of alignFindings(input)) {
          const reporters = spot.findings.map((finding) => finding.agent);
          expect(new Set(reporters).size).toBe(reporters.length);
          expect(spot.agents).toEqual([...reporters].sort());
        }
      }),
      RUNS,
    );
  });

  it('never matches across files', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        for (const spot of alignFindings(input)) for (const finding of heldBy(spot)) expect(finding.file).toBe(spot.file);
      }),
      RUNS,
    );
  });

  it('derives status, missing and severity consistently from the findings and the coverage', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        for (const spot of alignFindings(input)) {
          const covering = input.coverage[spot.file] ?? [];
          expect(spot.missing).toEqual(covering.filter((agent) => !spot.agents.includes(agent)).sort());
          const ranks = spot.findings.map(rank);
          const spread = Math.max(...ranks) - Math.min(...ranks);
          const several = spot.agents.length >= 2;
          expect(spot.status === 'agreed' || spot.status === 'split').toBe(several);
          expect(spot.status === 'split').toBe(several && spread >= 2);
          expect(spot.status === 'solo').toBe(!several && spot.missing.length > 0);
          expect(spot.status === 'uncovered').toBe(!several && spot.missing.length === 0);
          expect(SEVERITIES.indexOf(spot.severity)).toBe(Math.min(...ranks));
        }
      }),
      RUNS,
    );
  });

  it('keeps attention and matchConfidence in 0..1, sorts spots by attention descending and gives unique ids', () => {
    fc.assert(
      fc.property(alignInputArb, (input) => {
        const spots = alignFindings(input);
        for (const spot of spots) {
          expect(spot.attention).toBeGreaterThanOrEqual(0);
          expect(spot.attention).toBeLessThanOrEqual(1);
          expect(spot.matchConfidence).toBeGreaterThanOrEqual(0);
          expect(spot.matchConfidence).toBeLessThanOrEqual(1);
        }
        for (let index = 1; index < spots.length; index++) expect(spots[index - 1]!.attention).toBeGreaterThanOrEqual(spots[index]!.attention);
        expect(new Set(spots.map((spot) => spot.id)).size).toBe(spots.length);
      }),
      RUNS,
    );
  });

  it('does not split an agreed spot when an unrelated finding arrives in a new file', () => {
    fc.assert(
      fc.property(alignInputArb, fc.nat(), (input, agentPick) => {
        const agents = [...new Set(Object.values(input.coverage).flat())];
        fc.pre(agents.length > 0);
        const agent = agents[agentPick % agents.length]!;
        const file = 'zz/unrelated.ts';
        const extended: AlignInput = {
          findings: [...input.findings, { ...UNRELATED, agent, file, startLine: 3, endLine: 3 }],
          coverage: { ...input.coverage, [file]: agents },
          contents: { ...input.contents, [file]: fileContents(7, 40) },
        };
        const after = alignFindings(extended);
        for (const group of multiAgentGroups(alignFindings(input))) expect(heldTogether(group, after), JSON.stringify([...group.keys()])).toBe(true);
      }),
      RUNS,
    );
  });

  it('does not split an agreed spot when an unrelated finding arrives 500 lines away in the same file', () => {
    fc.assert(
      fc.property(alignInputArb, fc.nat(), fc.nat(), (input, filePick, agentPick) => {
        const files = Object.keys(input.contents);
        const file = files[filePick % files.length]!;
        const agents = input.coverage[file] ?? [];
        fc.pre(agents.length > 0);
        const agent = agents[agentPick % agents.length]!;
        const original = input.contents[file]!;
        const length = original.split('\n').length;
        const far = length + 500;
        const extended: AlignInput = {
          findings: [...input.findings, { ...UNRELATED, agent, file, startLine: far, endLine: far }],
          coverage: input.coverage,
          contents: { ...input.contents, [file]: `${original}\n${fileContents(11, 520)}` },
        };
        const after = alignFindings(extended);
        for (const group of multiAgentGroups(alignFindings(input))) expect(heldTogether(group, after), JSON.stringify([...group.keys()])).toBe(true);
      }),
      RUNS,
    );
  });
});
