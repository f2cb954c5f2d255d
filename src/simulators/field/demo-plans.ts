import type { Intersection } from '../../shared/domain/city';
import type { PhaseTiming, TimingPlan } from '../../shared/domain/field-signals';

/**
 * Timing plans for the demo city's intersections, made up but plausible for a mid-size
 * Vietnamese city: a peak, an off-peak and a night plan; crossings of two routes get a
 * protected left-turn phase.
 */
export function demoPlans(intersection: Intersection): TimingPlan[] {
  const [main, cross] = streetsOf(intersection.name);
  const threePhase = intersection.routeIds.length > 1;
  const phase = (name: string, greenS: number, minGreenS: number, maxGreenS: number): PhaseTiming => ({ name, greenS, yellowS: 3, allRedS: 2, minGreenS, maxGreenS });
  const build = (id: string, name: string, greens: number[]): TimingPlan => ({
    id,
    name,
    offsetS: 0,
    phases: [phase(main, greens[0]!, 15, 90), phase(cross, greens[1]!, 10, 60), ...(threePhase ? [phase(`${main} – rẽ trái`, greens[2]!, 7, 30)] : [])],
  });
  return threePhase
    ? [build('P1', 'Giờ cao điểm / peak', [50, 30, 15]), build('P2', 'Bình thường / off-peak', [40, 22, 10]), build('P3', 'Ban đêm / night', [25, 15, 7])]
    : [build('P1', 'Giờ cao điểm / peak', [55, 30]), build('P2', 'Bình thường / off-peak', [42, 23]), build('P3', 'Ban đêm / night', [30, 15])];
}

function streetsOf(name: string): [string, string] {
  const parts = name.replace(/^Ngã (tư|ba)\s+/u, '').split(/\s+[–-]\s+/u);
  return [parts[0] ?? 'Pha 1', parts[1] ?? 'Pha 2'];
}
