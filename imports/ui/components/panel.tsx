import { useEffect, useRef, type ReactNode } from 'react';
import { Icon } from './icon';

/** The right-hand side panel (thread, details, directory…); Esc closes it (handled by the workspace). */
export function Panel({ title, onClose, children }: { readonly title: string; readonly onClose: () => void; readonly children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a panel showing something else (its title) takes the focus again
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <aside className="panel" aria-label={title}>
      <header className="panel-header">
        <h2 ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="icon-btn" aria-label={`Close ${title.toLowerCase()}`} onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <div className="panel-body">{children}</div>
    </aside>
  );
}
