import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cityAssetsSchema, type CityAssets } from '../../shared/domain/city';
import { FieldSimulation, type SimulationConfig } from './field-simulation';

/** Helpers for the simulator's tests and the field bus benchmarks; never imported by product code. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const demoCityDir = join(repoRoot, 'resources', 'demo-city');

export function demoAssets(): CityAssets {
  return cityAssetsSchema.parse(JSON.parse(readFileSync(join(demoCityDir, 'assets.json'), 'utf8')));
}

export const dongHa = { lat: 16.8204, lng: 107.1004, utcOffsetMin: 420 };

/** 22:00 local time in Đông Hà on a December night: lamps on, traffic light. */
export const lateEvening = Date.parse('2026-12-21T22:00:00+07:00');

export function makeSimulation(overrides: Partial<SimulationConfig> = {}): FieldSimulation {
  return new FieldSimulation({ seed: 7, startMs: lateEvening, assets: demoAssets(), site: dongHa, ...overrides });
}

/** Advances in fixed steps; returns every message published on the way. */
export function run(sim: FieldSimulation, from: number, durationMs: number, stepMs = 100) {
  const out = [];
  for (let t = from + stepMs; t <= from + durationMs; t += stepMs) out.push(...sim.advance(t));
  return out;
}
