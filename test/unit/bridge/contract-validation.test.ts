import { describe, expect, it } from 'vitest';
import { REQUEST_NAMES, type RequestName } from '#shared/bridge';
import { createDispatch, createHandlers, validateInput, type BridgeContext } from '#main/bridge';

const UID = 'E004015012345678';
const slip = { kind: 'hold', locale: 'zh-TW', title: 'Hold slip', blocks: [{ kind: 'text', text: '預約取書' }, { kind: 'barcode', symbology: 'codabar', data: 'A31021000000017B' }, { kind: 'cut' }] };
const device = { id: 'pad-1', kind: 'rfid', driver: 'feig-iso-host', name: 'Front desk pad', enabled: true, transport: { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400 }, options: { busAddress: 255 } };

const ILS_SETTINGS = { enabled: true, host: 'ils.nkust.edu.tw', port: 6001, tls: { enabled: false, rejectUnauthorized: true, caPem: '' }, institutionId: 'NKUST', loginUserId: 'relay', loginPassword: 'pw', locationCode: 'ILL', errorDetection: true, requestTimeoutMs: 10000, operations: { dispatchCheckout: true, returnCheckin: true, patronValidation: false }, accounts: { NPTU: 'ILL-NPTU' }, offlinePinRule: 'refuse' };

/** One valid input per request, and bad inputs with the field the message must name. */
const CASES: Record<RequestName, { good: unknown; bad: Array<[unknown, RegExp]> }> = {
  'ils.settings': { good: {}, bad: [[{ x: 1 }, /unknown field "x"/]] },
  'ils.configure': {
    good: { settings: ILS_SETTINGS },
    bad: [
      [{}, /missing field "settings"/],
      [{ settings: { ...ILS_SETTINGS, port: 0 } }, /\/settings\/port/],
      [{ settings: { ...ILS_SETTINGS, host: 'a b' } }, /\/settings\/host/],
      [{ settings: { ...ILS_SETTINGS, accounts: { nptu: 'x' } } }, /\/settings\/accounts/],
      [{ settings: { ...ILS_SETTINGS, offlinePinRule: 'maybe' } }, /\/settings\/offlinePinRule/],
    ],
  },
  'ils.test': { good: {}, bad: [[{ settings: {} }, /\/settings/]] },
  'ils.enqueue': {
    good: { ops: [{ key: '01J:A1:checkout', kind: 'checkout', itemId: 'A1', borrowerLibraryId: 'NPTU', at: '2026-01-01T00:00:00.000Z', eventId: '01J' }] },
    bad: [[{ ops: [{ key: 'k', kind: 'renew', itemId: 'A1', borrowerLibraryId: null, at: '', eventId: 'e' }] }, /\/ops\/0\/kind/], [{ ops: 'x' }, /\/ops/]],
  },
  'ils.ops': { good: { states: ['refused'] }, bad: [[{ states: ['lost'] }, /\/states\/0/], [{ limit: 0 }, /\/limit/]] },
  'ils.ack': { good: { key: 'k1' }, bad: [[{}, /missing field "key"/], [{ key: 'a b' }, /\/key/]] },
  'ils.retry': { good: { key: 'k1' }, bad: [[{ key: '' }, /\/key/]] },
  'ils.resolve': { good: { key: 'k1', outcome: 'done', note: '已在館藏系統查證' }, bad: [[{ key: 'k1', outcome: 'maybe', note: 'x' }, /\/outcome/], [{ key: 'k1', outcome: 'done', note: '' }, /\/note/]] },
  'ils.validatePatron': { good: { patronId: 'P1', pin: '1234' }, bad: [[{ pin: '1' }, /missing field "patronId"/], [{ patronId: '' }, /\/patronId/]] },
  'desk.config': { good: {}, bad: [[{ x: 1 }, /unknown field "x"/], [null, /must be object/], [[], /must be object/]] },
  'devices.list': { good: {}, bad: [[{ all: true }, /unknown field "all"/], ['list', /must be object/]] },
  'devices.discover': { good: {}, bad: [[{ deep: 1 }, /unknown field "deep"/]] },
  'devices.configure': {
    good: { device },
    bad: [
      [{}, /missing field "device"/],
      [{ device: { ...device, id: '../etc' } }, /\/device\/id/],
      [{ device: { ...device, kind: 'camera' } }, /\/device\/kind/],
      [{ device: { ...device, transport: { kind: 'serial' } } }, /\/device\/transport/],
      [{ device: { ...device, transport: { kind: 'tcp', host: 'printer.local', port: 70000 } } }, /\/device\/transport/],
      [{ device: { ...device, options: { nested: { a: 1 } } } }, /\/device\/options\/nested/],
      [{ device: { ...device, extra: 1 } }, /unknown field "extra"/],
    ],
  },
  'devices.remove': { good: { id: 'pad-1' }, bad: [[{}, /missing field "id"/], [{ id: '' }, /\/id/], [{ id: 'a b' }, /\/id/]] },
  'devices.test': { good: { id: 'pad-1' }, bad: [[{ id: 42 }, /\/id: must be string/]] },
  'rfid.setSecurity': {
    good: { uids: [UID], secured: false },
    bad: [
      [{ uids: [], secured: true }, /\/uids/],
      [{ uids: ['e004015012345678'], secured: true }, /\/uids\/0/],
      [{ uids: [UID, UID], secured: true }, /\/uids/],
      [{ uids: [UID] }, /missing field "secured"/],
      [{ uids: [UID], secured: 'yes' }, /\/secured: must be boolean/],
      [{ uids: Array.from({ length: 65 }, (_, i) => `E0040150${i.toString(16).toUpperCase().padStart(8, '0')}`), secured: true }, /\/uids/],
    ],
  },
  'print.submit': {
    good: { key: 'hold-01HZX', slip },
    bad: [
      [{ slip }, /missing field "key"/],
      [{ key: '', slip }, /\/key/],
      [{ key: 'a b', slip }, /\/key/],
      [{ key: 'k', slip: { ...slip, kind: 'poster' } }, /\/slip\/kind/],
      [{ key: 'k', slip: { ...slip, blocks: [{ kind: 'text', text: 'x', width: 9 }] } }, /\/slip\/blocks\/0/],
      [{ key: 'k', slip: 'hello' }, /\/slip: must be object/],
    ],
  },
  'print.jobs': { good: { limit: 10 }, bad: [[{ limit: 0 }, /\/limit/], [{ limit: 1.5 }, /\/limit/]] },
  'sim.placeTags': {
    good: { tags: [{ uid: UID, item: { primaryItemId: '31021000000017' } }] },
    bad: [[{ tags: [] }, /\/tags/], [{ tags: [{ uid: 'nope' }] }, /\/tags\/0\/uid/], [{ tags: [{ uid: UID, afi: 256 }] }, /\/tags\/0\/afi/]],
  },
  'sim.removeTags': { good: {}, bad: [[{ uids: 'all' }, /\/uids: must be array/]] },
  'sim.scan': { good: { code: '31021000000017', symbology: 'codabar' }, bad: [[{ code: '' }, /\/code/], [{ code: 'x', symbology: 'pdf417' }, /\/symbology/]] },
  'sim.printerState': {
    good: { paper: 'out', cover: 'closed', online: true },
    bad: [[{ paper: 'empty', cover: 'closed', online: true }, /\/paper/], [{ paper: 'ok', cover: 'closed' }, /missing field "online"/]],
  },
  'sim.printed': { good: { since: 3 }, bad: [[{ since: -1 }, /\/since/], [{ printerId: 'no spaces' }, /\/printerId/]] },
};

describe('bridge contract validation', () => {
  it('has a case for every request', () => {
    expect(Object.keys(CASES).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  for (const name of REQUEST_NAMES) {
    it(`${name}: accepts a good input and rejects each bad one with INVALID_INPUT naming the field`, () => {
      const { good, bad } = CASES[name];
      expect(validateInput(name, good)).toEqual({ ok: true, value: good });
      for (const [input, message] of bad) {
        const res = validateInput(name, input);
        expect(res.ok, JSON.stringify(input)).toBe(false);
        if (!res.ok) {
          expect(res.error.code).toBe('INVALID_INPUT');
          expect(res.error.message).toMatch(message);
          expect(res.error.message.startsWith(name)).toBe(true);
        }
      }
    });
  }
});

describe('dispatch', () => {
  const calls: string[] = [];
  const ctx: BridgeContext = {
    deskConfig: () => ({ serviceUrl: 'http://127.0.0.1:1', deviceToken: null, deviceId: null, libraryId: 'NKUST', role: 'staff', locale: 'zh-TW', simulate: false, deskName: 'd', pairingError: 'x' }),
    devices: new Proxy({} as BridgeContext['devices'], {
      get: (_t, prop) => {
        if (prop === 'list') return () => [];
        return async (...args: unknown[]) => {
          calls.push(String(prop));
          if (prop === 'test') throw new Error('secret stack detail');
          return { args };
        };
      },
    }),
    sim: null,
    ils: new Proxy({} as BridgeContext['ils'], { get: () => async () => ({}) }),
  };
  const handlers = createHandlers(ctx);
  const internal: unknown[] = [];
  const dispatch = createDispatch(handlers, { simulate: false, onInternalError: (_m, e) => internal.push(e) });

  it('refuses unknown methods, including prototype names', async () => {
    for (const method of ['nope', 'toString', '__proto__', 'constructor', 42, null]) {
      const reply = await dispatch(method, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
  });

  it('refuses sim.* when simulate is off, before validating', async () => {
    expect(await dispatch('sim.scan', { code: 'x' })).toMatchObject({ ok: false, error: { code: 'SIMULATION_OFF' } });
    expect(await dispatch('sim.scan', 'garbage')).toMatchObject({ ok: false, error: { code: 'SIMULATION_OFF' } });
  });

  it('never runs a handler on invalid input', async () => {
    calls.length = 0;
    expect(await dispatch('devices.remove', { id: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(calls).toEqual([]);
  });

  it('answers a handler crash as INTERNAL without leaking its message', async () => {
    const reply = await dispatch('devices.test', { id: 'pad-1' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(internal).toHaveLength(1);
  });

  it('runs handlers on valid input', async () => {
    expect(await dispatch('desk.config', {})).toMatchObject({ ok: true, result: { libraryId: 'NKUST' } });
    expect(await dispatch('devices.list', {})).toEqual({ ok: true, result: { devices: [] } });
  });
});
