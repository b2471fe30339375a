// A destructive action's confirm: a modal dialog whose focus lands on the
// safe button. Enter does nothing inside it (a patron hammering Enter never
// cancels anything); the destructive button takes a click, a tap or Space.
// Esc and the safe button close it.
import { useEffect, useRef, type KeyboardEvent } from 'react';

export function ConfirmDialog({ title, body, keepLabel, confirmLabel, hint, busy, onKeep, onConfirm }: {
  title: string; body: string; keepLabel: string; confirmLabel: string; hint: string; busy: boolean; onKeep: () => void; onConfirm: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    keep.current?.focus();
    return () => { if (dialog.open) dialog.close(); };
  }, []);
  const swallowEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') e.preventDefault();
  };
  return (
    <dialog ref={ref} className="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-body" onKeyDown={swallowEnter}
      onCancel={(e) => { e.preventDefault(); onKeep(); }} data-testid="confirm-dialog">
      <h2 id="confirm-title">{title}</h2>
      <p id="confirm-body">{body}</p>
      <p className="hint">{hint}</p>
      <div className="actions">
        <button ref={keep} type="button" className="secondary" onClick={onKeep} data-testid="confirm-keep">{keepLabel}</button>
        <button type="button" className="danger" disabled={busy} onClick={onConfirm} data-testid="confirm-yes">{confirmLabel}</button>
      </div>
    </dialog>
  );
}
