// Loads one API answer for a screen: loading, the answer or the error, and a
// reload. Each answer is tagged with what was asked (path and reload count):
// it is loading while the latest answer is for an older ask, and an answer
// that arrives after the screen asked again is dropped. The last answer stays
// shown while a reload runs (no flicker on refresh).
import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

export interface Loaded<T> { data: T | null; error: unknown; loading: boolean; reload: () => void; set: (v: T) => void }

interface Answer<T> { ask: string; data: T | null; error: unknown }

export function useLoad<T>(path: string): Loaded<T> {
  const [tick, setTick] = useState(0);
  const ask = `${tick}:${path}`;
  const [answer, setAnswer] = useState<Answer<T>>({ ask: '', data: null, error: null });
  useEffect(() => {
    let live = true;
    api<T>('GET', path).then(
      (data) => { if (live) setAnswer({ ask, data, error: null }); },
      (error: unknown) => { if (live) setAnswer((a) => ({ ask, data: a.data, error })); },
    );
    return () => { live = false; };
  }, [path, ask]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const set = useCallback((data: T) => setAnswer((a) => ({ ...a, data, error: null })), []);
  return { data: answer.data, error: answer.ask === ask ? answer.error : null, loading: answer.ask !== ask, reload, set };
}
