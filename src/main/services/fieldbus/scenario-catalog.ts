import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioDuration, scenarioSchema, type Scenario } from '../../../shared/domain/field-scenario';
import type { ScenarioInfo } from '../../../shared/domain/field';

export interface ScenarioLoad {
  scenarios: Scenario[];
  /** Files that could not be used, with why: a bad file is reported, never half-loaded. */
  problems: { file: string; message: string }[];
}

/** Reads every `*.json` scenario in a folder (the simulator and the console read the same files). */
export function loadScenarios(dir: string): ScenarioLoad {
  const out: ScenarioLoad = { scenarios: [], problems: [] };
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, file);
    try {
      const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        out.problems.push({ file, message: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      if (out.scenarios.some((s) => s.name === parsed.data.name)) {
        out.problems.push({ file, message: `another file already defines scenario "${parsed.data.name}"` });
        continue;
      }
      out.scenarios.push(parsed.data);
    } catch (err) {
      out.problems.push({ file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
}

export function describeScenarios(scenarios: readonly Scenario[]): ScenarioInfo[] {
  return scenarios.map((s) => ({ name: s.name, title: s.title, description: s.description, durationS: scenarioDuration(s) }));
}
