import type { StreamState } from '../../../shared/domain/video';
import type { Translate } from '../../i18n';

/** What a tile tells the operator about a stream that is not live. */
export function describeStream(t: Translate, state: StreamState, reason: string | null): string {
  if (state === 'unsupported' && reason?.startsWith('codec:')) return t('video.reason.codec');
  if (reason === 'auth') return t('video.reason.auth');
  if (state === 'offline' && (reason === 'unreachable' || reason === 'not-found')) return t('video.reason.unreachable');
  if ((state === 'offline' || state === 'unsupported') && reason) return t('video.reason.other', { reason });
  return t(`video.state.${state}`);
}
