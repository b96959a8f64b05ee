import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { EMOJI, EMOJI_CATEGORY_LABELS, type EmojiEntry } from '/imports/ui/emoji/emoji-data';
import { searchEmoji } from '/imports/ui/emoji/emoji-search';
import { readRecentEmoji, rememberEmoji } from '/imports/ui/emoji/recent-emoji';
import { CustomEmojiImage } from '/imports/ui/emoji/custom-emoji-image';
import { useCustomEmoji } from '/imports/ui/emoji/use-custom-emoji';
import '/imports/ui/styles/emoji-picker.css';

/** One choice in the picker: a built-in character, or a workspace's image shown for `:name:`. */
interface PickerEmoji extends Omit<EmojiEntry, 'category'> {
  /** Set for a custom emoji, whose value (`emoji`) is `:name:`. */
  readonly fileId?: string;
}

interface Section {
  readonly label: string;
  readonly items: readonly PickerEmoji[];
}

/** Columns of the grid: ArrowUp/ArrowDown move by this many. */
const COLUMNS = 8;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function EmojiGlyph({ item }: { readonly item: PickerEmoji }) {
  return item.fileId !== undefined ? <CustomEmojiImage fileId={item.fileId} label="" /> : item.emoji;
}

interface EmojiPickerProps {
  readonly label: string;
  readonly selfId: string;
  readonly anchor: DOMRect;
  /** Clicks inside it (the picker and its opener) do not close the picker. */
  readonly boundary: RefObject<HTMLElement | null>;
  readonly onPick: (emoji: string) => void;
  readonly onClose: () => void;
}

/**
 * A non-modal dialog: a search box over a grid of emoji buttons with one tab stop (arrow keys
 * move, Enter/Space pick, Home/End jump), sections Recent, Custom and the built-in categories;
 * Esc or a click outside closes it, and the opener takes focus back.
 */
function EmojiPicker({ label, selfId, anchor, boundary, onPick, onClose }: EmojiPickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [recent] = useState<string[]>(() => {
    const store = storage();
    return store === null ? [] : readRecentEmoji(store, selfId);
  });
  const root = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const customByName = useCustomEmoji();
  const custom = useMemo<PickerEmoji[]>(
    () => [...customByName.values()].map((e) => ({ emoji: `:${e.name}:`, name: e.name, keywords: ['custom'], fileId: e.fileId })),
    [customByName],
  );

  const sections = useMemo<Section[]>(() => {
    const all: readonly PickerEmoji[] = [...custom, ...EMOJI];
    if (query.trim().length > 0) return [{ label: 'Search results', items: searchEmoji(all, query) }];
    const byValue = new Map(all.map((e) => [e.emoji, e]));
    const recentItems = recent.flatMap((value) => byValue.get(value) ?? []);
    const out: Section[] = [];
    if (recentItems.length > 0) out.push({ label: 'Recent', items: recentItems });
    if (custom.length > 0) out.push({ label: 'Custom', items: custom });
    for (const [category, heading] of Object.entries(EMOJI_CATEGORY_LABELS)) {
      out.push({ label: heading, items: EMOJI.filter((e) => e.category === category) });
    }
    return out;
  }, [query, recent, custom]);
  const flat = useMemo(() => sections.flatMap((s) => s.items), [sections]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts the selection at the first match
  useEffect(() => setActive(0), [query]);

  useEffect(() => {
    const onDown = (event: MouseEvent): void => {
      if (boundary.current !== null && !boundary.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose, boundary]);

  // Placed beside its opener inside the viewport: below it when there is room, else above.
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  useLayoutEffect(() => {
    const box = root.current?.getBoundingClientRect();
    if (box === undefined) return;
    const below = anchor.bottom + 4;
    const top = below + box.height <= window.innerHeight ? below : Math.max(4, anchor.top - box.height - 4);
    const left = Math.min(Math.max(4, anchor.right - box.width), window.innerWidth - box.width - 4);
    setPosition({ top, left: Math.max(4, left) });
  }, [anchor]);

  const pick = (item: PickerEmoji): void => {
    const store = storage();
    if (store !== null) rememberEmoji(store, selfId, item.emoji);
    onPick(item.emoji);
  };

  const focusCell = (index: number): void => {
    const next = Math.min(Math.max(0, index), flat.length - 1);
    setActive(next);
    grid.current?.querySelector<HTMLButtonElement>(`[data-index="${next}"]`)?.focus();
  };

  const onGridKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + COLUMNS,
      ArrowUp: active - COLUMNS,
      Home: 0,
      End: flat.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && active < COLUMNS) {
      root.current?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    focusCell(target);
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusCell(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = flat[0];
      if (first !== undefined) pick(first);
    }
  };

  let index = 0;
  const cells: ReactNode[] = sections.map((section) => (
    // biome-ignore lint/a11y/useSemanticElements: a labelled group of emoji buttons in a grid, not a form's fieldset
    <div key={section.label} role="group" aria-label={section.label} className="emoji-section">
      <div className="emoji-section-label" aria-hidden="true">
        {section.label}
      </div>
      <div className="emoji-grid">
        {section.items.map((item) => {
          const i = index++;
          const name = item.name.replace(/_/g, ' ');
          return (
            <button
              key={`${section.label}:${item.emoji}`}
              type="button"
              className="emoji-cell"
              data-index={i}
              tabIndex={i === active ? 0 : -1}
              aria-label={name}
              title={`:${item.name}:`}
              onClick={() => pick(item)}
              onFocus={() => setActive(i)}
            >
              <EmojiGlyph item={item} />
            </button>
          );
        })}
      </div>
    </div>
  ));

  return (
    <div
      ref={root}
      className="emoji-picker"
      role="dialog"
      aria-labelledby={headingId}
      style={position ?? { top: anchor.bottom + 4, left: Math.max(4, anchor.right - 320) }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <h2 id={headingId} className="sr-only">
        {label}
      </h2>
      <input
        className="emoji-search"
        type="search"
        aria-label="Search emoji"
        placeholder="Search emoji"
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys from the emoji buttons inside bubble here (roving focus) */}
      <div ref={grid} className="emoji-scroll" onKeyDown={onGridKey}>
        {flat.length === 0 ? <p className="muted emoji-empty">No emoji match “{query.trim()}”</p> : cells}
      </div>
      <div className="sr-only" role="status">
        {query.trim().length > 0 ? `${flat.length} emoji found` : ''}
      </div>
    </div>
  );
}

export interface EmojiPickerButtonProps {
  /** The opener's accessible name, also the dialog's. */
  readonly label: string;
  readonly selfId: string;
  readonly onPick: (emoji: string) => void;
  readonly children: ReactNode;
  readonly className?: string;
}

/** A button that opens the emoji picker; picking closes it and returns focus to the button. */
export function EmojiPickerButton({ label, selfId, onPick, children, className = 'icon-btn' }: EmojiPickerButtonProps) {
  const [anchor, setAnchor] = useState<DOMRect | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wrapper = useRef<HTMLSpanElement>(null);
  const close = useMemo(
    () => (): void => {
      setAnchor(null);
      button.current?.focus();
    },
    [],
  );
  return (
    <span ref={wrapper} className="emoji-picker-anchor">
      <button
        ref={button}
        type="button"
        className={className}
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(anchor === null ? e.currentTarget.getBoundingClientRect() : null)}
      >
        {children}
      </button>
      {anchor !== null && (
        <EmojiPicker
          label={label}
          selfId={selfId}
          anchor={anchor}
          boundary={wrapper}
          onClose={close}
          onPick={(emoji) => {
            close();
            onPick(emoji);
          }}
        />
      )}
    </span>
  );
}
