// Signing a patron in with their home library's account: through the
// library's own system (SIP2) where the service has its settings, otherwise
// with a password the consortium keeps (scrypt). Either way the account must
// belong to a patron the library registered with the consortium.
import type { Sql } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { verifyPassword } from '#server/console/passwords';
import type { PatronRecord } from '#shared/domain/records';
import { getSip2Settings } from './sip2-settings';
import { verifyWithSip2 } from './sip2-verify';
import { accountKey, blockedNow, clearAccount, recordFailure } from './sign-in-limits';

/** A hash of a password nobody has, checked when there is no real one so a wrong account takes as long as a wrong password. */
const DUMMY_HASH = 'scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export async function patronByAccount(db: Sql, libraryId: string, account: string): Promise<PatronRecord | null> {
  const { rows } = await db.query<{ data: PatronRecord }>(
    `select data from records where collection = 'patrons' and not deleted and data->>'homeLibraryId' = $1 and data->'cardNumbers' ? $2 limit 1`,
    [libraryId, account],
  );
  return rows[0]?.data ?? null;
}

export async function patronById(db: Sql, id: string): Promise<PatronRecord | null> {
  const { rows } = await db.query<{ data: PatronRecord }>(`select data from records where collection = 'patrons' and id = $1 and not deleted`, [id]);
  return rows[0]?.data ?? null;
}

function lockedError(until: string): ApiError {
  return new ApiError(423, 'ACCOUNT_LOCKED', `登入失敗次數過多，此帳號已暫停登入至 ${until}。 Too many failed sign-ins: this account is locked until ${until}.`, { until });
}

function signInFailed(): ApiError {
  return new ApiError(401, 'SIGN_IN_FAILED', '帳號或密碼不正確。 The account or password is not right.');
}

/** Checks the account; counts a failure (never for an unreachable system) and refuses while locked. Returns the patron. */
export async function signIn(db: Sql, input: { libraryId: string; account: string; password: string; address: string }): Promise<PatronRecord> {
  const key = accountKey(input.libraryId, input.account);
  const blocked = await blockedNow(db, key, input.address);
  if (blocked?.kind === 'account') throw lockedError(blocked.until);
  if (blocked) throw new ApiError(429, 'RATE_LIMITED', `此位址登入失敗次數過多，請於 ${blocked.until} 後再試。 Too many failed sign-ins from this address: try again after ${blocked.until}.`, { until: blocked.until });
  const fail = async (): Promise<never> => {
    const locked = await recordFailure(db, key, input.address);
    throw locked ? lockedError(locked.until) : signInFailed();
  };

  const sip2 = await getSip2Settings(db, input.libraryId);
  let patron: PatronRecord | null;
  if (sip2?.enabled) {
    const verdict = await verifyWithSip2(sip2, input.account, input.password);
    if (verdict.kind === 'unreachable') {
      throw new ApiError(503, 'LIBRARY_SYSTEM_UNREACHABLE', '無法連線到您學校的圖書館系統，請稍後再試（這不算登入失敗）。 Your library\'s system did not answer; try again later (this does not count as a failed sign-in).');
    }
    if (verdict.kind === 'refused') return fail();
    patron = (await patronByAccount(db, input.libraryId, verdict.patronId)) ?? (await patronByAccount(db, input.libraryId, input.account));
    if (!patron) {
      throw new ApiError(403, 'NOT_A_MEMBER_PATRON', '您的帳號正確，但您的圖書館尚未將您登記為聯盟代借代還讀者，請洽您學校的圖書館。 Your account is right, but your library has not registered you with the consortium yet: ask your library.');
    }
  } else {
    patron = await patronByAccount(db, input.libraryId, input.account);
    const { rows } = patron ? await db.query<{ hash: string }>('select hash from portal_passwords where patron_id = $1', [patron.id]) : { rows: [] };
    const hash = rows[0]?.hash;
    const ok = await verifyPassword(input.password, hash ?? DUMMY_HASH);
    if (!patron || !hash || !ok) return fail();
  }
  await clearAccount(db, key);
  return patron;
}
