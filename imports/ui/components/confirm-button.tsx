import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * A button for an action that is hard to undo: the first press shows what it will do and asks
 * again, inline (no browser dialog), with focus on the confirming button; Cancel puts it back.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  explanation,
  confirmLabel,
  danger = false,
  startClassName,
  startContent,
  onConfirm,
}: {
  readonly label: string;
  /** The button's name for assistive technology; starts with `label` (WCAG 2.5.3). */
  readonly accessibleLabel?: string;
  /** What will happen, shown beside the confirming button. */
  readonly explanation: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  /** The first button's class and content, for a toolbar of icon buttons (it keeps `label` as its title). */
  readonly startClassName?: string;
  readonly startContent?: ReactNode;
  readonly onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const kind = `btn btn-small${danger ? ' btn-danger' : ''}`;
  if (!asking) {
    return (
      <button
        ref={start}
        type="button"
        className={startClassName ?? kind}
        aria-label={accessibleLabel}
        title={startContent === undefined ? undefined : label}
        onClick={() => setAsking(true)}
      >
        {startContent ?? label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: the step sits inline in a row of buttons; a fieldset is a block with its own border and legend rules
    <span className="confirm-step" role="group" aria-label={accessibleLabel ?? label}>
      <span className="muted">{explanation}</span>
      <button
        ref={confirm}
        type="button"
        className={kind}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
