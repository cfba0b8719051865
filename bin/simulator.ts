/**
 * `npm start`: the phone robot offline (see local/cli.ts).
 *
 * Powertools reads its settings when the handlers' modules load, so they are set before the
 * dynamic import: handler logs and EMF metrics would drown the conversation in the terminal.
 * `POWERTOOLS_LOG_LEVEL=INFO npm start` shows them again.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

export {};

const { main } = await import('../local/cli');
process.exitCode = await main(process.argv.slice(2));
