// Small pieces every screen uses: a page heading that takes focus when the
// screen opens (screen readers hear where they are), the loading state and
// the error box.
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => { ref.current?.focus({ preventScroll: true }); }, []);
  return <h1 ref={ref} tabIndex={-1}>{children}</h1>;
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <p role="status" className="loading"><span className="spinner" aria-hidden="true" />{label ?? t('loading')}</p>;
}

export function ErrorBox({ text, onRetry, children }: { text: string; onRetry?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="error-box" data-testid="error">
      <p>{text}</p>
      {children}
      {onRetry && <button type="button" className="secondary" onClick={onRetry}>{t('retry')}</button>}
    </div>
  );
}
