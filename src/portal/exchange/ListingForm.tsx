// List a book: an ISBN looked up in the union catalogue (or everything by
// hand), kind, subject, condition, price or free, the hand-over place, photos.
// Photos are checked again by the service (type by content, size, count).
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONDITIONS, EXCHANGE_PATHS, LISTING_KINDS, PHOTO_TYPES, SUBJECTS, type ExchangeListingDetail, type IsbnLookup, type ListingKind } from '#shared/exchange/wire';
import { api } from '../api';
import { ErrorBox, PageTitle } from '../ui';
import { useLoad } from '../useLoad';
import { EXCHANGE_NS } from './i18n';
import { exchangeError, exchangeHash, fileAsBase64 } from './words';

interface Rules { maxPhotos: number; maxPhotoBytes: number }

export function ListingForm() {
  const { t } = useTranslation(EXCHANGE_NS);
  const { t: tp } = useTranslation();
  const rules = useLoad<Rules>(EXCHANGE_PATHS.settings);
  const [f, setF] = useState({ isbn: '', title: '', author: '', kind: 'sell' as ListingKind, subject: '大學用書', condition: 'good', price: '0', campus: '', description: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<string | null>(null);
  const [done, setDone] = useState<{ id: string; photoProblems: string[] } | null>(null);
  const photos = useRef<HTMLInputElement>(null);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const free = f.kind === 'give' || f.kind === 'swap';

  const fillFromCatalogue = async () => {
    setError(null);
    setLookup(null);
    try {
      const r = await api<IsbnLookup>('GET', EXCHANGE_PATHS.isbn(f.isbn.trim()));
      if (r.found) {
        setF((x) => ({ ...x, isbn: r.isbn, title: r.title ?? x.title, author: r.author ?? x.author }));
        setLookup(t('form.lookupFound', { title: r.title }));
      } else {
        setF((x) => ({ ...x, isbn: r.isbn }));
        setLookup(t('form.lookupNone'));
      }
    } catch (err) {
      setError(exchangeError(t, tp, err));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (f.title.trim() === '' || f.campus.trim() === '') { setError(t('form.required')); return; }
    // The service checks again (by content, not the name or declared type); this saves a listing made without its photos.
    const files = Array.from(photos.current?.files ?? []);
    const maxBytes = rules.data?.maxPhotoBytes ?? Infinity;
    if (files.length > (rules.data?.maxPhotos ?? Infinity)) { setError(t('error.PHOTO_LIMIT')); return; }
    if (files.some((file) => file.size > maxBytes)) { setError(t('error.PHOTO_TOO_LARGE')); return; }
    if (files.some((file) => !(PHOTO_TYPES as readonly string[]).includes(file.type))) { setError(t('error.PHOTO_TYPE')); return; }
    setBusy(true);
    setError(null);
    try {
      const listing = await api<ExchangeListingDetail>('POST', EXCHANGE_PATHS.listings, {
        kind: f.kind, subject: f.subject, title: f.title, author: f.author, isbn: f.isbn.trim() || null, description: f.description,
        condition: f.condition, price: free ? 0 : Number(f.price) || 0, campus: f.campus,
      });
      const photoProblems: string[] = [];
      for (const file of files) {
        try {
          await api('POST', EXCHANGE_PATHS.photos(listing.id), { data: await fileAsBase64(file) });
        } catch (err) {
          photoProblems.push(t('form.photoFailed', { name: file.name, why: exchangeError(t, tp, err) }));
        }
      }
      setDone({ id: listing.id, photoProblems });
    } catch (err) {
      setError(exchangeError(t, tp, err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <>
        <PageTitle>{t('form.title')}</PageTitle>
        <p className="success" role="status" data-testid="exchange-listed">{t('form.done')}</p>
        {done.photoProblems.map((p) => <p key={p} className="warn-text" role="alert">{p}</p>)}
        <p><a href={exchangeHash({ name: 'listing', id: done.id })} data-testid="exchange-see-listing">{t('form.see')}</a></p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('form.title')}</PageTitle>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <label>{t('form.isbn')}
          <input value={f.isbn} onChange={set('isbn')} inputMode="numeric" autoComplete="off" data-testid="exchange-isbn" />
        </label>
        <button type="button" className="secondary" onClick={() => void fillFromCatalogue()} disabled={f.isbn.trim() === ''} data-testid="exchange-lookup">{t('form.lookup')}</button>
        {lookup && <p className="notice" role="status">{lookup}</p>}
        <label>{t('form.bookTitle')}
          <input value={f.title} onChange={set('title')} required maxLength={200} data-testid="exchange-title" />
        </label>
        <label>{t('form.author')}
          <input value={f.author} onChange={set('author')} maxLength={120} />
        </label>
        <label>{t('form.kind')}
          <select value={f.kind} onChange={set('kind')} data-testid="exchange-form-kind">
            {LISTING_KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </label>
        <label>{t('form.subject')}
          <select value={f.subject} onChange={set('subject')} data-testid="exchange-form-subject">
            {SUBJECTS.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>{t('form.condition')}
          <select value={f.condition} onChange={set('condition')}>
            {CONDITIONS.map((c) => <option key={c} value={c}>{t(`condition.${c}`)}</option>)}
          </select>
        </label>
        {!free && (
          <label>{t('form.price')}
            <input type="number" min={0} max={100000} step={1} inputMode="numeric" value={f.price} onChange={set('price')} data-testid="exchange-price" />
          </label>
        )}
        <label>{t('form.campus')}
          <input value={f.campus} onChange={set('campus')} required maxLength={80} data-testid="exchange-campus" />
        </label>
        <label>{t('form.description')}
          <textarea value={f.description} onChange={set('description')} maxLength={1000} rows={3} data-testid="exchange-description" />
        </label>
        <label>{t('form.photos', { kb: Math.floor((rules.data?.maxPhotoBytes ?? 2097152) / 1024), count: rules.data?.maxPhotos ?? 4 })}
          <input ref={photos} type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="exchange-photos" />
        </label>
        {error && <ErrorBox text={error} />}
        <button type="submit" className="primary" disabled={busy} data-testid="exchange-submit">{busy ? tp('sending') : t('form.submit')}</button>
      </form>
    </>
  );
}
