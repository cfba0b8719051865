/**
 * `npm run bot:review [-- --lake <dir>] [--athena-results <file.json>] [--out <file.patch>] [--apply]`:
 * the improvement loop. Reads the missed and low-confidence bot turns (the `review-candidates`
 * named query: on DuckDB over the local lake, or a result file of the same query in Athena),
 * groups them per locale, proposes sample utterances or FAQ questions for the intent the callers
 * reached when they said it again (where the stand-in agrees it is near),
 * keeps only proposals the redactor finds nothing in and under which no development set scores
 * lower, and writes them as a patch to data/reviewed-utterances.json and data/faq.json for a
 * person to review (`git apply`), or applies them with --apply. The deploy then publishes a new
 * bot version, as for any change to the bot model.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FAQ, type Faq } from '../lambdas/contracts/faq';
import type { Locale } from '../lambdas/contracts/locales';
import { BOT_MODEL } from '../lib/bot';
import { REVIEWED_UTTERANCES, type ReviewedUtterances } from '../lib/bot/reviewed';
import { loadNamedQueries } from '../lib/constructs/analytics-lake/queries';
import { HELD_OUT_SET, loadEvalSets, scoreSets, utteranceKey } from '../local/bot-eval';
import {
  candidateModel,
  groupMisses,
  type Proposal,
  propose,
  type ReviewRow,
  withProposals,
} from '../local/bot-review';
import { type CommandSpec, inputFile, readJsonFile, runCommand, UsageError } from './cli';

export const BOT_REVIEW_COMMAND = {
  command: 'npm run bot:review --',
  usage: ['[--lake <dir>] [--athena-results <file.json>] [--out <file.patch>] [--apply]'],
  summary:
    "Groups the bot's missed and low-confidence turns from the lake, proposes sample utterances or FAQ questions for the intent callers reached by saying it again, keeps what holds no personal data and does not lower bot:eval, and writes a reviewable patch (or applies it).",
  options: {
    lake: {
      type: 'string',
      value: '<dir>',
      default: '.local-data/lake',
      description: 'the local lake the simulator writes (npm start)',
    },
    'athena-results': {
      type: 'string',
      value: '<file.json>',
      description:
        'instead of the local lake: `aws athena get-query-results` output of the deployed review-candidates query',
    },
    out: {
      type: 'string',
      value: '<file.patch>',
      description: 'where the patch goes (default .local-data/bot-review/review-<date>.patch)',
    },
    apply: {
      type: 'boolean',
      description: 'write the accepted proposals into data/ instead of a patch only',
    },
  },
  examples: [
    'npm run bot:review',
    'npm run bot:review -- --athena-results results.json --out review.patch',
    'npm run bot:review -- --apply',
  ],
} as const satisfies CommandSpec;

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const REVIEWED_FILE = join(ROOT, 'data/reviewed-utterances.json');
const FAQ_FILE = join(ROOT, 'data/faq.json');
const LOCALES: readonly Locale[] = ['en-US', 'zh-CN'];

/** The rows of the query on the local lake. */
async function lakeRows(lakeDir: string): Promise<ReviewRow[]> {
  const sql = loadNamedQueries().find((q) => q.name === 'review-candidates')?.sql;
  if (!sql) throw new Error('no analytics/queries/review-candidates.sql');
  const { LocalAnalytics } = await import('../local/analytics/duckdb');
  const lake = await LocalAnalytics.open({ lakeDir });
  try {
    return (await lake.run(sql)).rows.map(toRow);
  } finally {
    lake.close();
  }
}

/** A query row (DuckDB values or Athena strings) as a review row. */
function toRow(r: Readonly<Record<string, unknown>>): ReviewRow {
  const text = r.text === null || r.text === undefined || r.text === '' ? null : String(r.text);
  const confidence =
    r.confidence === null || r.confidence === undefined || r.confidence === '' ? null : Number(r.confidence);
  return {
    locale: String(r.locale ?? ''),
    outcome: String(r.outcome ?? ''),
    intent: String(r.intent ?? ''),
    confidence,
    text,
    saidAgainAs:
      r.said_again_as === null || r.said_again_as === undefined || r.said_again_as === ''
        ? null
        : String(r.said_again_as),
    times: Number(r.times ?? 1),
  };
}

/** The rows of an Athena GetQueryResults output (first row: the column names). */
function athenaRows(file: string): ReviewRow[] {
  const raw = readJsonFile(inputFile(file, '--athena-results'), '--athena-results') as {
    ResultSet?: { Rows?: { Data?: { VarCharValue?: string }[] }[] };
  };
  const rows = raw.ResultSet?.Rows;
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new UsageError(`--athena-results ${file} is not GetQueryResults output (no ResultSet.Rows)`);
  }
  const [header, ...data] = rows;
  const names = (header?.Data ?? []).map((d) => d.VarCharValue ?? '');
  for (const need of ['locale', 'outcome', 'text', 'said_again_as', 'times']) {
    if (!names.includes(need))
      throw new UsageError(`--athena-results ${file} has no column ${need}: run the review-candidates query`);
  }
  return data.map((row) =>
    toRow(Object.fromEntries(names.map((n, i) => [n, row.Data?.[i]?.VarCharValue ?? null]))),
  );
}

/** Normalised texts of every evaluation set, per locale (never trained on). */
function evaluationTexts(): Record<Locale, Set<string>> {
  return Object.fromEntries(
    LOCALES.map((l) => [
      l,
      new Set(loadEvalSets(l).flatMap((s) => s.set.utterances.map((u) => utteranceKey(u.text)))),
    ]),
  ) as Record<Locale, Set<string>>;
}

type Scores = Record<Locale, { name: string; correct: number; total: number }[]>;

async function scoresOf(model: typeof BOT_MODEL): Promise<Scores> {
  const out = {} as Scores;
  for (const l of LOCALES) out[l] = await scoreSets(model, l);
  return out;
}

/**
 * The first development set that scores lower under `after`, as a sentence; undefined when none
 * does. The held-out set is printed, never consulted: a gate on it would tune the model to it.
 */
function regression(before: Scores, after: Scores): string | undefined {
  for (const l of LOCALES) {
    for (const [i, b] of before[l].entries()) {
      if (b.name === HELD_OUT_SET) continue;
      const a = after[l][i];
      if (a && a.correct < b.correct)
        return `${l} ${b.name} ${b.correct}/${b.total} -> ${a.correct}/${a.total}`;
    }
  }
  return undefined;
}

const pct = (s: { correct: number; total: number }) =>
  `${((100 * s.correct) / Math.max(1, s.total)).toFixed(1)}%`;

/** A version one step after `version` (YYYY-MM-DD.N), dated today. */
function nextVersion(version: string, today: string): string {
  const [date, n] = version.split('.');
  return date === today ? `${today}.${Number(n ?? 0) + 1}` : `${today}.1`;
}

await runCommand(BOT_REVIEW_COMMAND, async ({ values }) => {
  const rows = values['athena-results']
    ? athenaRows(values['athena-results'])
    : await lakeRows(resolve(values.lake ?? '.local-data/lake'));
  const { groups, withoutWords } = groupMisses(rows, BOT_MODEL);
  console.log(`review candidates: ${rows.reduce((n, r) => n + r.times, 0)} turns`);
  for (const l of LOCALES) {
    console.log(
      `  ${l}: ${groups.filter((g) => g.locale === l).length} groups of turns with words, ${withoutWords[l]} turns without words (callers who did not consent, or words the code hook withheld): counted only`,
    );
  }
  for (const g of groups) {
    console.log(
      `  [${g.locale}] ${g.times}x ${g.saidAgainAs ? `said again as ${g.saidAgainAs.intent} (${g.saidAgainAs.times}x)` : 'no said-again evidence'}, nearest guess ${g.nearest.intent} (${g.nearest.score.toFixed(2)}): ${g.texts
        .slice(0, 3)
        .map((t) => JSON.stringify(t))
        .join(', ')}${g.texts.length > 3 ? ` and ${g.texts.length - 3} more` : ''}`,
    );
  }
  const { proposals, rejections } = propose(groups, BOT_MODEL, evaluationTexts());
  for (const r of rejections) console.log(`  left out [${r.locale}] ${JSON.stringify(r.text)}: ${r.why}`);

  // Each proposal alone must not lower any development set; then all the kept ones together.
  const before = await scoresOf(BOT_MODEL);
  const kept: Proposal[] = [];
  for (const p of proposals) {
    const trial = withProposals([...kept, p]);
    const why = regression(before, await scoresOf(candidateModel(trial.reviewed, trial.faq)));
    const target = p.kind === 'faq' ? `FAQ ${p.faqId}` : p.intent;
    if (why) console.log(`  rejected [${p.locale}] ${target} +${p.add.length}: bot:eval would fall (${why})`);
    else kept.push(p);
  }
  const result = withProposals(kept);
  const after = await scoresOf(candidateModel(result.reviewed, result.faq));
  console.log('bot:eval (local stand-in) before -> after:');
  for (const l of LOCALES) {
    console.log(
      `  ${l}: ${before[l].map((b, i) => `${b.name} ${pct(b)} -> ${pct(after[l][i] ?? b)}`).join(', ')}`,
    );
  }
  if (kept.length === 0) {
    console.log('nothing to propose: no patch written');
    return 0;
  }
  const today = new Date().toISOString().slice(0, 10);
  const reviewed: ReviewedUtterances = {
    ...result.reviewed,
    version: nextVersion(REVIEWED_UTTERANCES.version, today),
  };
  const faqChanged = kept.some((p) => p.kind === 'faq');
  const faq: Faq = faqChanged ? { ...result.faq, version: nextVersion(FAQ.version, today) } : FAQ;
  const files = [
    {
      path: REVIEWED_FILE,
      old: readFileSync(REVIEWED_FILE, 'utf8'),
      new: `${JSON.stringify(reviewed, null, 2)}\n`,
    },
    ...(faqChanged
      ? [{ path: FAQ_FILE, old: readFileSync(FAQ_FILE, 'utf8'), new: `${JSON.stringify(faq, null, 2)}\n` }]
      : []),
  ];
  const patch = files
    .map((f) => {
      const name = relative(ROOT, f.path);
      return createTwoFilesPatch(`a/${name}`, `b/${name}`, f.old, f.new, undefined, undefined, {
        context: 3,
      });
    })
    .join('');
  const out = resolve(values.out ?? join('.local-data/bot-review', `review-${today}.patch`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, patch, 'utf8');
  for (const p of kept) {
    const target =
      p.kind === 'faq' ? `FAQ ${p.faqId} (data/faq.json)` : `${p.intent} (data/reviewed-utterances.json)`;
    console.log(`  proposed [${p.locale}] ${target}: ${p.add.map((u) => JSON.stringify(u)).join(', ')}`);
  }
  if (values.apply) {
    for (const f of files) writeFileSync(f.path, f.new, 'utf8');
    console.log(`applied to ${files.map((f) => relative(ROOT, f.path)).join(' and ')}; patch kept at ${out}`);
  } else {
    console.log(`patch written to ${out}: review it, then git apply ${relative(process.cwd(), out)}`);
  }
  return 0;
});
