import { RpcError } from '../../../shared/contract/errors';
import type { CommandRecord } from '../../../shared/domain/field-commands';
import type { ScenarioInfo } from '../../../shared/domain/field';
import type { FieldBusService } from '../../services/fieldbus/field-bus-service';
import type { CallerContext, PartialHandlers } from '../types';

type FieldMethod =
  | 'field.snapshot'
  | 'field.commands.list'
  | 'field.command'
  | 'field.confirm'
  | 'field.reject'
  | 'field.retry'
  | 'field.greenWave'
  | 'field.levels'
  | 'field.scenarios';

export interface FieldHandlerDeps {
  bus: Pick<FieldBusService, 'snapshot' | 'commands' | 'request' | 'confirm' | 'reject' | 'retry' | 'greenWave' | 'levels'>;
  auth: { current(sessionId: string): { operator: { username: string } | null } };
  scenarios: () => ScenarioInfo[];
}

/** `field.*`: the router has validated the arguments and checked the role; the bus checks targets and confirmations. */
export function createFieldHandlers({ bus, auth, scenarios }: FieldHandlerDeps): PartialHandlers<FieldMethod> {
  const actor = (caller: CallerContext): string => {
    const operator = auth.current(caller.sessionId).operator;
    if (!operator) throw new RpcError('UNAUTHENTICATED', 'log in to control field equipment');
    return operator.username;
  };
  return {
    'field.snapshot': () => bus.snapshot(),
    'field.commands.list': ({ limit, targetId }) => bus.commands(limit, targetId),
    'field.command': async ({ targetId, op, reason }, caller) => answered(await bus.request({ targetId, op, reason: reason ?? null, actor: actor(caller) })),
    'field.confirm': async ({ id }, caller) => answered(await bus.confirm(id, actor(caller))),
    'field.reject': ({ id }, caller) => bus.reject(id, actor(caller)),
    'field.retry': async ({ id }, caller) => answered(await bus.retry(id, actor(caller))),
    'field.greenWave': ({ routeId, speedKmh, cycleS }, caller) => bus.greenWave(routeId, speedKmh, cycleS, actor(caller)),
    'field.levels': ({ gaugeId }) => bus.levels(gaugeId),
    'field.scenarios': () => scenarios(),
  };
}

/** A silent controller is an error the operator must see, with what is safe to do next. */
function answered(record: CommandRecord): CommandRecord {
  if (record.status !== 'timeout') return record;
  throw new RpcError(
    'UNAVAILABLE',
    `${record.targetId} did not answer in time; the command may or may not have run. Retrying resends the same command id, so it cannot run twice.`,
    { commandId: record.id, accepted: record.reply?.status === 'accepted' },
  );
}
