import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDemoCity } from './demo-city/build';

const demoCityDir = fileURLToPath(new URL('../resources/demo-city', import.meta.url));

describe('build-demo-city', () => {
  it('is deterministic', () => {
    expect(buildDemoCity()).toEqual(buildDemoCity());
  });

  it('matches the committed files (edit the drawing in scripts/demo-city, then rerun the script)', () => {
    for (const [name, text] of Object.entries(buildDemoCity())) {
      expect(readFileSync(join(demoCityDir, name), 'utf8'), name).toBe(text);
    }
  });

  it('tiles the city: wards share edges exactly, so the ward lines appear once or twice, never stray', () => {
    const wards = JSON.parse(buildDemoCity()['wards.geojson']) as { features: { geometry: { coordinates: number[][][] } }[] };
    const edges = new Map<string, number>();
    for (const ward of wards.features) {
      const ring = ward.geometry.coordinates[0]!;
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!.join(',');
        const b = ring[i]!.join(',');
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
    }
    // An edge used by 3+ polygons would be an overlap; interior edges are used exactly twice.
    expect(Math.max(...edges.values())).toBe(2);
    const interior = [...edges.values()].filter((n) => n === 2).length;
    expect(interior).toBeGreaterThan(100);
  });

  it('runs Hùng Vương from the railway crossing to the Lý Thường Kiệt crossroads', () => {
    const roads = JSON.parse(buildDemoCity()['roads.geojson']) as { features: { properties: { id: string }; geometry: { coordinates: number[][] } }[] };
    const line = (id: string) => roads.features.find((f) => f.properties.id === id)!.geometry.coordinates;
    const near = (p: number[], polyline: number[][]) =>
      polyline.some((q, i) => {
        if (i === 0) return false;
        const a = polyline[i - 1]!;
        const t = Math.max(0, Math.min(1, ((p[0]! - a[0]!) * (q[0]! - a[0]!) + (p[1]! - a[1]!) * (q[1]! - a[1]!)) / ((q[0]! - a[0]!) ** 2 + (q[1]! - a[1]!) ** 2)));
        return Math.hypot(a[0]! + t * (q[0]! - a[0]!) - p[0]!, a[1]! + t * (q[1]! - a[1]!) - p[1]!) < 1e-5; // ~1 m
      });
    const hungVuong = line('hung-vuong');
    expect(near(hungVuong[0]!, line('duong-sat'))).toBe(true);
    expect(near(hungVuong.at(-1)!, line('ly-thuong-kiet'))).toBe(true);
  });
});
