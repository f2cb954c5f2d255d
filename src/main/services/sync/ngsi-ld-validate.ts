import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NgsiEntityType } from '../../../shared/domain/analytics';
import anprFlowObserved from './fixtures/fiware/AnprFlowObserved.schema.json';
import commonSchema from './fixtures/fiware/common-schema.stub.json';
import crowdFlowObserved from './fixtures/fiware/CrowdFlowObserved.schema.json';
import floodMonitoring from './fixtures/fiware/FloodMonitoring.schema.json';
import streetlight from './fixtures/fiware/Streetlight.schema.json';
import trafficFlowObserved from './fixtures/fiware/TrafficFlowObserved.schema.json';
import waterObserved from './fixtures/fiware/WaterObserved.schema.json';
import type { KeyValuesEntity } from './ngsi-ld';

/**
 * The FIWARE Smart Data Models' JSON Schemas (copied unchanged, see fixtures/fiware/README.md),
 * bundled with the console so every exported entity is checked before it leaves: the province
 * never receives an entity its broker would refuse. ajv is a build-time dependency bundled into main.
 */
const schemas: Record<NgsiEntityType, object> = {
  TrafficFlowObserved: trafficFlowObserved,
  CrowdFlowObserved: crowdFlowObserved,
  AnprFlowObserved: anprFlowObserved,
  Streetlight: streetlight,
  WaterObserved: waterObserved,
  FloodMonitoring: floodMonitoring,
};

let validators: Map<string, ValidateFunction> | null = null;

function compiled(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(commonSchema);
  validators = new Map(Object.entries(schemas).map(([type, schema]) => [type, ajv.compile(schema)]));
  return validators;
}

export interface EntityProblem {
  id: string;
  type: string;
  errors: string[];
}

/** The entities that do not validate against their model, with ajv's reasons (empty when all do). */
export function validateEntities(entities: readonly KeyValuesEntity[]): EntityProblem[] {
  const problems: EntityProblem[] = [];
  for (const e of entities) {
    const validate = compiled().get(e.type);
    if (!validate) {
      problems.push({ id: e.id, type: e.type, errors: ['no Smart Data Model schema for this type'] });
      continue;
    }
    if (!validate(e as unknown)) problems.push({ id: e.id, type: e.type, errors: (validate.errors ?? []).map((x) => `${x.instancePath || '/'} ${x.message ?? ''}`.trim()) });
  }
  return problems;
}
