import { randomBytes } from 'node:crypto';
import type { ZodType } from 'zod';
import { RpcError } from '../../../shared/contract/errors';
import {
  displayNameSchema,
  passwordSchema,
  roleSchema,
  usernameSchema,
  type AuthState,
  type Operator,
} from '../../../shared/domain/operators';
import type { Role } from '../../../shared/domain/roles';
import type { StationSettings } from '../../../shared/domain/system';
import { Emitter, type Event } from '../../../shared/lib/emitter';
import { DisposableStore, type Disposable } from '../../../shared/lib/lifecycle';
import type { SessionGate } from '../../rpc/types';
import { silentLogger, type Logger } from '../log/logger';
import { SerialQueue } from '../store/serial-queue';
import type { StoreService } from '../store/store-service';
import { LoginThrottle } from './login-throttle';
import { OperatorRepository } from './operator-repository';
import { PasswordHasher, type ScryptParams } from './password-hasher';
import { SessionTable, type Session } from './session-table';

export interface AuthServiceDeps {
  store: Pick<StoreService, 'all' | 'run' | 'transaction'>;
  settings: { getStation(): Promise<StationSettings>; readonly onDidChange: Event<StationSettings> };
  clock?: () => Date;
  /** Cheaper scrypt settings for tests; production keeps the defaults. */
  kdf?: Partial<ScryptParams>;
  log?: Logger;
  /** How often idle sessions are swept; 0 turns the timer off (tests call checkIdle()). */
  idleCheckIntervalMs?: number;
}

export interface SessionChange {
  sessionId: string;
  state: AuthState;
}

const WRONG_CREDENTIALS = 'wrong username or password';

/**
 * Operators, their passwords and the session of every connected screen. The router asks
 * `current()` before each call; this service decides who is logged in, who is locked
 * (by hand or after idling), and refuses guessing with a per-username throttle.
 */
export class AuthService implements SessionGate, Disposable {
  private readonly sessions = new SessionTable();
  private readonly operators = new Map<string, Operator>();
  private readonly repo = new OperatorRepository();
  private readonly hasher: PasswordHasher;
  private readonly throttle: LoginThrottle;
  private readonly clock: () => Date;
  private readonly log: Logger;
  /** Operator changes run one at a time: the last-admin rule and first-run setup depend on it. */
  private readonly mutations = new SerialQueue();
  private readonly disposables = new DisposableStore();
  private readonly changed = new Emitter<SessionChange>();
  private idleLockMs = 10 * 60_000;
  private idleLockMinutes = 10;
  private decoyHash: Promise<string> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  readonly onDidChangeSession = this.changed.event;
  private readonly idleLocked = new Emitter<{ sessionId: string; username: string }>();
  /** A lock the console imposed by itself (no call asked for it), so it can go on the record. */
  readonly onDidLockForIdle = this.idleLocked.event;

  /** Use `AuthService.create`: a service that has not loaded its operators would answer wrongly. */
  private constructor(private readonly deps: AuthServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.log = deps.log ?? silentLogger;
    this.hasher = new PasswordHasher(deps.kdf);
    this.throttle = new LoginThrottle({ clock: this.clock });
    this.disposables.add(this.changed);
  }

  /** Constructs the service and loads operators and station settings. */
  static async create(deps: AuthServiceDeps): Promise<AuthService> {
    const auth = new AuthService(deps);
    await auth.init();
    return auth;
  }

  private async init(): Promise<void> {
    for (const op of await this.repo.list(this.deps.store)) this.operators.set(op.id, op);
    this.applyIdleLimit((await this.deps.settings.getStation()).idleLockMinutes);
    this.disposables.add(
      this.deps.settings.onDidChange((s) => {
        this.applyIdleLimit(s.idleLockMinutes);
        for (const session of this.sessions.all()) if (session.operatorId) this.announce(session);
        this.checkIdle();
      }),
    );
    const every = this.deps.idleCheckIntervalMs ?? 15_000;
    if (every > 0) {
      this.timer = setInterval(() => this.checkIdle(), every);
      this.timer.unref?.();
    }
  }

  // ── sessions ────────────────────────────────────────────────────────────────

  openSession(): string {
    return this.sessions.open(this.now()).id;
  }

  closeSession(sessionId: string): void {
    this.sessions.close(sessionId);
    // A wall whose station window closed waits for the next one; it shows nobody meanwhile.
    for (const follower of this.sessions.followersOf(sessionId)) {
      follower.operatorId = null;
      this.announce(follower);
    }
  }

  /**
   * Makes `followerId` mirror `leaderId`'s sign-in: the video wall shows what the station's
   * operator may see, as a viewer (nobody stands at a wall to answer for control actions), it
   * is never idle-locked, keeps showing while the station is locked, and cannot sign in itself.
   */
  follow(followerId: string, leaderId: string): void {
    const follower = this.requireSession(followerId);
    const leader = this.requireSession(leaderId);
    if (followerId === leaderId || leader.leader !== undefined) throw new RpcError('INVALID_ARGUMENT', 'a screen can only follow a station that follows nobody');
    follower.leader = leaderId;
    this.mirror(follower, leader, true);
  }

  current(sessionId: string): { operator: Operator | null; locked: boolean } {
    const session = this.sessions.get(sessionId);
    if (!session) return { operator: null, locked: false };
    this.lockIfIdle(session);
    return { operator: this.operatorOf(session), locked: session.operatorId !== null && session.locked };
  }

  state(sessionId: string): AuthState {
    const { operator, locked } = this.current(sessionId);
    const follows = this.sessions.get(sessionId)?.leader !== undefined;
    return { needsSetup: this.operators.size === 0, operator, locked, idleLockMinutes: this.idleLockMinutes, ...(follows ? { follows: true as const } : {}) };
  }

  /** Locks every session idle for longer than the station's idle limit. */
  checkIdle(): void {
    for (const session of this.sessions.all()) this.lockIfIdle(session);
  }

  // ── logging in and out ─────────────────────────────────────────────────────

  async setupAdmin(sessionId: string, input: { username: string; displayName: string; password: string }): Promise<AuthState> {
    const session = this.requireOwnSignIn(sessionId);
    const username = parse(usernameSchema, input.username, 'username');
    const displayName = parse(displayNameSchema, input.displayName, 'displayName');
    const password = parse(passwordSchema, input.password, 'password');
    if (this.operators.size > 0) throw new RpcError('CONFLICT', 'the console is already set up; log in instead');
    const passwordHash = await this.hasher.hash(password);
    const admin = await this.mutations.run(() =>
      this.deps.store.transaction(async (tx) => {
        if ((await this.repo.count(tx)) > 0) throw new RpcError('CONFLICT', 'the console is already set up; log in instead');
        return this.repo.insert(tx, { username, displayName, role: 'admin', passwordHash }, this.clock());
      }),
    );
    this.operators.set(admin.id, admin);
    this.log.info('auth: first administrator created', { username });
    this.signIn(session, admin);
    return this.state(sessionId);
  }

  async login(sessionId: string, username: string, password: string): Promise<AuthState> {
    const session = this.requireOwnSignIn(sessionId);
    const name = typeof username === 'string' ? username.trim().toLowerCase() : '';
    this.refuseIfThrottled(name);
    const record = name ? await this.repo.findByUsername(this.deps.store, name) : undefined;
    // An unknown name costs as much as a wrong password, so timing does not tell them apart.
    const ok = record
      ? await this.hasher.verify(String(password), record.passwordHash)
      : (await this.hasher.verify(String(password), await this.decoy()), false);
    if (!record || !ok) {
      this.throttle.recordFailure(name);
      throw new RpcError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    this.throttle.recordSuccess(name);
    const operator = this.operators.get(record.id) ?? record;
    if (operator.disabled) throw new RpcError('PERMISSION_DENIED', 'this account is disabled; ask an administrator');
    await this.upgradeHashIfWeak(record.id, String(password), record.passwordHash);
    this.signIn(session, operator);
    return this.state(sessionId);
  }

  logout(sessionId: string): AuthState {
    const session = this.requireOwnSignIn(sessionId);
    if (session.operatorId !== null) {
      session.operatorId = null;
      session.locked = false;
      this.announce(session);
    }
    return this.state(sessionId);
  }

  lock(sessionId: string): AuthState {
    this.requireOwnSignIn(sessionId);
    const { session } = this.requireOperator(sessionId);
    if (!session.locked) {
      session.locked = true;
      this.announce(session);
    }
    return this.state(sessionId);
  }

  async unlock(sessionId: string, password: string): Promise<AuthState> {
    const { session, operator } = this.requireOperator(sessionId);
    if (!this.current(sessionId).locked) return this.state(sessionId);
    await this.checkPassword(operator, password, 'wrong password');
    session.locked = false;
    session.lastActivity = this.now();
    this.announce(session);
    return this.state(sessionId);
  }

  /** Records operator activity; returns when the screen will lock if nothing else happens. */
  touch(sessionId: string): Date {
    const { session } = this.requireOperator(sessionId);
    if (this.current(sessionId).locked) throw new RpcError('SESSION_LOCKED', 'the screen is locked; unlock to continue');
    session.lastActivity = this.now();
    return new Date(session.lastActivity + this.idleLockMs);
  }

  async changePassword(sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const { operator } = this.requireOperator(sessionId);
    if (this.current(sessionId).locked) throw new RpcError('SESSION_LOCKED', 'the screen is locked; unlock to continue');
    const next = parse(passwordSchema, newPassword, 'newPassword');
    await this.checkPassword(operator, currentPassword, 'current password is wrong');
    if (next === currentPassword) throw new RpcError('INVALID_ARGUMENT', 'the new password must differ from the current one');
    const hash = await this.hasher.hash(next);
    await this.repo.setPasswordHash(this.deps.store, operator.id, hash, this.clock());
  }

  // ── operator accounts ──────────────────────────────────────────────────────

  listOperators(): Operator[] {
    return [...this.operators.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  async createOperator(input: { username: string; displayName: string; role: Role; password: string }): Promise<Operator> {
    const username = parse(usernameSchema, input.username, 'username');
    const displayName = parse(displayNameSchema, input.displayName, 'displayName');
    const role = parse(roleSchema, input.role, 'role');
    const password = parse(passwordSchema, input.password, 'password');
    if (this.findByUsername(username)) throw new RpcError('CONFLICT', `the username "${username}" is taken`);
    const passwordHash = await this.hasher.hash(password);
    return this.mutations.run(async () => {
      if (this.findByUsername(username)) throw new RpcError('CONFLICT', `the username "${username}" is taken`);
      const created = await this.repo.insert(this.deps.store, { username, displayName, role, passwordHash }, this.clock());
      this.operators.set(created.id, created);
      return created;
    });
  }

  updateOperator(input: { id: string; displayName?: string; role?: Role; disabled?: boolean }): Promise<Operator> {
    return this.mutations.run(async () => {
      const before = this.requireOperatorRecord(input.id);
      const after: Operator = {
        ...before,
        displayName: input.displayName === undefined ? before.displayName : parse(displayNameSchema, input.displayName, 'displayName'),
        role: input.role === undefined ? before.role : parse(roleSchema, input.role, 'role'),
        disabled: input.disabled === undefined ? before.disabled : input.disabled === true,
      };
      const losesAdmin = isActiveAdmin(before) && !isActiveAdmin(after);
      if (losesAdmin && [...this.operators.values()].filter(isActiveAdmin).length === 1) {
        throw new RpcError('CONFLICT', 'this is the last enabled administrator; make another administrator first');
      }
      await this.repo.update(this.deps.store, after, this.clock());
      this.operators.set(after.id, after);
      for (const session of this.sessions.ofOperator(after.id)) {
        if (after.disabled) {
          session.operatorId = null;
          session.locked = false;
        }
        this.announce(session);
      }
      return after;
    });
  }

  async resetPassword(id: string, password: string): Promise<void> {
    const operator = this.requireOperatorRecord(id);
    const hash = await this.hasher.hash(parse(passwordSchema, password, 'password'));
    await this.mutations.run(() => this.repo.setPasswordHash(this.deps.store, operator.id, hash, this.clock()));
  }

  dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sessions.clear();
    this.idleLocked.dispose();
    return this.disposables.dispose();
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private now(): number {
    return this.clock().getTime();
  }

  private applyIdleLimit(minutes: number): void {
    this.idleLockMinutes = minutes;
    this.idleLockMs = minutes * 60_000;
  }

  private operatorOf(session: Session): Operator | null {
    if (session.operatorId === null) return null;
    const operator = this.operators.get(session.operatorId);
    if (!operator || operator.disabled) return null;
    return session.leader !== undefined ? { ...operator, role: 'viewer' } : operator;
  }

  private lockIfIdle(session: Session): boolean {
    if (session.operatorId === null || session.locked || session.leader !== undefined) return false;
    if (this.now() - session.lastActivity < this.idleLockMs) return false;
    session.locked = true;
    this.announce(session);
    const username = this.operatorOf(session)?.username;
    if (username) this.idleLocked.fire({ sessionId: session.id, username });
    return true;
  }

  private signIn(session: Session, operator: Operator): void {
    session.operatorId = operator.id;
    session.locked = false;
    session.lastActivity = this.now();
    this.announce(session);
  }

  private announce(session: Session): void {
    this.changed.fire({ sessionId: session.id, state: this.state(session.id) });
    for (const follower of this.sessions.followersOf(session.id)) this.mirror(follower, session);
  }

  private mirror(follower: Session, leader: Session, always = false): void {
    if (!always && follower.operatorId === leader.operatorId && !follower.locked) return;
    follower.operatorId = leader.operatorId;
    follower.locked = false;
    follower.lastActivity = this.now();
    this.changed.fire({ sessionId: follower.id, state: this.state(follower.id) });
  }

  /** Sign-in actions belong to the screen's own operator; a following screen has none. */
  private requireOwnSignIn(sessionId: string): Session {
    const session = this.requireSession(sessionId);
    if (session.leader !== undefined) throw new RpcError('PERMISSION_DENIED', 'this screen follows the main station; sign in there');
    return session;
  }

  private requireSession(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new RpcError('UNAUTHENTICATED', 'unknown session; reconnect');
    return session;
  }

  private requireOperator(sessionId: string): { session: Session; operator: Operator } {
    const session = this.requireSession(sessionId);
    const operator = this.operatorOf(session);
    if (!operator) throw new RpcError('UNAUTHENTICATED', 'log in first');
    return { session, operator };
  }

  private requireOperatorRecord(id: string): Operator {
    const operator = typeof id === 'string' ? this.operators.get(id) : undefined;
    if (!operator) throw new RpcError('NOT_FOUND', 'no such operator');
    return operator;
  }

  private findByUsername(username: string): Operator | undefined {
    return [...this.operators.values()].find((o) => o.username === username);
  }

  private refuseIfThrottled(name: string): void {
    const retryAfterMs = this.throttle.retryAfterMs(name);
    if (retryAfterMs > 0) {
      throw new RpcError('RATE_LIMITED', `too many failed attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s`, { retryAfterMs });
    }
  }

  /** For unlock and password change: same throttle as login, keyed by the operator's name. */
  private async checkPassword(operator: Operator, password: string, message: string): Promise<void> {
    this.refuseIfThrottled(operator.username);
    const hash = await this.repo.passwordHash(this.deps.store, operator.id);
    if (!hash || !(await this.hasher.verify(String(password), hash))) {
      this.throttle.recordFailure(operator.username);
      throw new RpcError('UNAUTHENTICATED', message);
    }
    this.throttle.recordSuccess(operator.username);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= this.hasher.hash(randomBytes(18).toString('base64'));
    return this.decoyHash;
  }

  private async upgradeHashIfWeak(id: string, password: string, stored: string): Promise<void> {
    if (!this.hasher.needsRehash(stored)) return;
    try {
      await this.repo.setPasswordHash(this.deps.store, id, await this.hasher.hash(password), this.clock());
    } catch (err) {
      // The login itself succeeded; the stronger hash can wait for the next one.
      this.log.warn('auth: could not upgrade a password hash', { error: err });
    }
  }
}

const isActiveAdmin = (op: Operator) => op.role === 'admin' && !op.disabled;

function parse<T>(schema: ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const message = result.error.issues[0]?.message ?? 'invalid';
    throw new RpcError('INVALID_ARGUMENT', `${field}: ${message.replace(new RegExp(`^${field}: `), '')}`, {
      issues: [{ path: [field], message }],
    });
  }
  return result.data;
}
