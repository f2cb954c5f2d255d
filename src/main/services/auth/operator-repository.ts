import { randomUUID } from 'node:crypto';
import type { Operator } from '../../../shared/domain/operators';
import type { Role } from '../../../shared/domain/roles';
import type { Queryable } from '../store/store-service';

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
}

const COLUMNS = 'id, username, display_name, role, disabled, created_at';

export interface NewOperator {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

/** SQL for the `operators` table; password hashes come out only through `passwordHash`. */
export class OperatorRepository {
  async list(db: Queryable): Promise<Operator[]> {
    const rows = await db.all<OperatorRow>(`SELECT ${COLUMNS} FROM operators ORDER BY username`);
    return rows.map(toOperator);
  }

  async count(db: Queryable): Promise<number> {
    const [row] = await db.all<{ n: number }>('SELECT count(*) AS n FROM operators');
    return row?.n ?? 0;
  }

  async findByUsername(db: Queryable, username: string): Promise<(Operator & { passwordHash: string }) | undefined> {
    const [row] = await db.all<OperatorRow & { password_hash: string }>(
      `SELECT ${COLUMNS}, password_hash FROM operators WHERE username = $1`,
      [username],
    );
    return row && { ...toOperator(row), passwordHash: row.password_hash };
  }

  async passwordHash(db: Queryable, id: string): Promise<string | undefined> {
    const [row] = await db.all<{ password_hash: string }>('SELECT password_hash FROM operators WHERE id = $1', [id]);
    return row?.password_hash;
  }

  async insert(db: Queryable, op: NewOperator, now: Date): Promise<Operator> {
    const id = randomUUID();
    await db.run(
      `INSERT INTO operators (id, username, display_name, role, password_hash, disabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, false, $6, $6)`,
      [id, op.username, op.displayName, op.role, op.passwordHash, now],
    );
    return { id, username: op.username, displayName: op.displayName, role: op.role, disabled: false, createdAt: now.toISOString() };
  }

  async update(db: Queryable, op: Operator, now: Date): Promise<void> {
    await db.run('UPDATE operators SET display_name = $2, role = $3, disabled = $4, updated_at = $5 WHERE id = $1', [
      op.id,
      op.displayName,
      op.role,
      op.disabled,
      now,
    ]);
  }

  async setPasswordHash(db: Queryable, id: string, hash: string, now: Date): Promise<void> {
    await db.run('UPDATE operators SET password_hash = $2, updated_at = $3 WHERE id = $1', [id, hash, now]);
  }
}

function toOperator(row: OperatorRow): Operator {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
  };
}
