/** Scaling: contractgen generate on the large spec duplicated 1x to Nx, with a linear fit. */
import { RUNS, NODE, BIN, log, markdown, targets, STRIPE, measureSideBySide } from "../context.ts";
import { firstLine, fmt, freshDir, runTimed, stats, table, WORK } from "../lib.ts";
import { join } from "node:path";
import { scaledSpec } from "../specs.ts";

export function scalingSection(): void {
  const stripe = STRIPE;
  if (!stripe) return;
  const factors = [1, 2, 4, 8];
  log(`\n== scaling (${RUNS} runs per size after one warm-up at 1x)`);
  const specs = factors.map((f) => ({ factor: f, ...scaledSpec(stripe.file, f) }));
  const stageRuns = new Map<number, Record<string, number>[]>();
  const measured = measureSideBySide(
    specs.map((s) => {
      stageRuns.set(s.factor, []);
      return {
        key: String(s.factor),
        run: (round) => {
          if (round < 0 && s.factor !== 1) return { wallMs: 0, ok: true }; // one warm-up is enough
          const out = freshDir(join(WORK, "scale", `x${s.factor}`));
          const r = runTimed(NODE, [BIN.contractgen, "generate", "--spec", s.file, "--out", out, "--name", "scaled", "--verbose"]);
          const stages = stageTimings(r.stderr);
          if (round >= 0) stageRuns.get(s.factor)!.push(stages);
          log(`   ${round < 0 ? "warm-up" : `run ${round + 1}`}: ${s.factor}x (${s.operations} ops) ${fmt.ms(r.wallMs)} ${fmt.mib(r.rssKb)}${r.status === 0 ? "" : ` FAILED ${firstLine(r.stderr)}`}`);
          return { wallMs: r.wallMs, rssKb: r.rssKb, ok: r.status === 0, error: `exit ${r.status}: ${firstLine(r.stderr)}` };
        },
      };
    }),
  );
  const stageNames = [...new Set([...stageRuns.values()].flatMap((runs) => runs.flatMap((r) => Object.keys(r))))];
  const base = measured.get("1")!.wall.median;
  const points = specs.map((s) => ({ x: s.operations, y: measured.get(String(s.factor))!.wall.median }));
  const fit = linearFit(points);
  const rows = specs.map((s, i) => {
    const m = measured.get(String(s.factor))!;
    const prev = i > 0 ? specs[i - 1]! : undefined;
    const marginal = prev ? (m.wall.median - measured.get(String(prev.factor))!.wall.median) / ((s.operations - prev.operations) / 1000) : undefined;
    return [
      `${s.factor}x`,
      fmt.int(s.operations),
      m.error ? `failed: ${m.error}` : fmt.stats(m.wall),
      fmt.ratio(m.wall.median, base),
      marginal === undefined ? "" : `${fmt.ms(marginal)}`,
      fmt.stats(m.rss, (kb) => fmt.mib(kb)),
      ...stageNames.map((st) => fmt.ms(stats(stageRuns.get(s.factor)!.map((r) => r[st] ?? NaN).filter(Number.isFinite)).median)),
    ];
  });
  const text = table(["size", "operations", "wall: median (min to max)", "vs 1x", "added per 1,000 ops", "peak RSS", ...stageNames.map((s) => `${s} (median)`)], rows);
  const maxMarginal = Math.max(...rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x)));
  const minMarginal = Math.min(...rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x)));
  // Superlinear growth shows as a marginal cost that rises with size: compare the last step with the
  // first (the spread between steps alone is mostly noise, and a falling marginal cost is fine).
  const marginals = rows.slice(1).map((_, i) => (points[i + 1]!.y - points[i]!.y) / (points[i + 1]!.x - points[i]!.x));
  const linear = fit.r2 >= 0.98 && marginals[marginals.length - 1]! <= 1.5 * marginals[0]!;
  const fitLine = `Least-squares fit of the medians: wall = ${fmt.ms(fit.a)} + ${fmt.ms(fit.b * 1000)} per 1,000 operations (R² = ${fit.r2.toFixed(4)}); the marginal cost per 1,000 operations ranges ${fmt.ms(minMarginal * 1000)} to ${fmt.ms(maxMarginal * 1000)} between successive sizes.`;
  console.log(`\n${text}\n${fitLine}\n`);
  targets.push({
    section: "scaling",
    issue: "8",
    target: "generation cost grows linearly with operations (R² >= 0.98, marginal cost of the last step <= 1.5x the first)",
    measured: `R² ${fit.r2.toFixed(4)}, marginal ${marginals.map((m) => fmt.ms(m * 1000)).join(" -> ")} per 1,000 ops`,
    met: linear,
  });
  markdown.set(
    "scaling",
    `## 5. Scaling

\`contractgen generate\` on ${stripe.label} with its paths duplicated under \`/scale2\`, \`/scale3\`, ... prefixes (operationIds suffixed; components shared),
so 2x, 4x and 8x its operations. Stage columns are the CLI's own per-stage timings (in-process; emit and format may overlap).

${text}

${fitLine}
`,
  );
}

/** The CLI's `--verbose` stage line (`scaled: load 232 ms, validate 167 ms, ..., emit 1.74 s | format 1.97 s in parallel`), in ms. */
function stageTimings(stderr: string): Record<string, number> {
  const stages: Record<string, number> = {};
  const line = stderr.split("\n").find((l) => /^\s*scaled: load /.test(l)) ?? "";
  for (const m of line.matchAll(/(\w+) ([\d.]+) (ms|s)\b/g)) stages[m[1]!] = Number(m[2]) * (m[3] === "s" ? 1000 : 1);
  return stages;
}

function linearFit(points: { x: number; y: number }[]): { a: number; b: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const b = sxy / sxx;
  const a = my - b * mx;
  const ssTot = points.reduce((s, p) => s + (p.y - my) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p.y - (a + b * p.x)) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}
