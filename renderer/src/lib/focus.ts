// Focus follows the flow: after every step change the new step's heading takes focus
// and scrolls into view, so keyboard and screen-reader users land on the answer.
import { createContext, useContext, useEffect, useRef } from 'react';

export function useFocusOnChange<T extends HTMLElement>(key: unknown, enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    el.focus({ preventScroll: true });
    // A heading goes to the top; a field only as far as needed to be seen.
    el.scrollIntoView({ block: el.tagName === 'INPUT' ? 'nearest' : 'start' });
  }, [key, enabled]);
  return ref;
}

/** The one polite live region: components announce status changes through it. */
export const AnnounceContext = createContext<(text: string) => void>(() => undefined);

export function useAnnounce(): (text: string) => void {
  return useContext(AnnounceContext);
}

/** Escape closes what the element opened (innermost first): calls `close` while `open`. */
export function onEscape(close: () => void, open = true): (e: { key: string; stopPropagation(): void }) => void {
  return (e) => {
    if (e.key !== 'Escape' || !open) return;
    e.stopPropagation();
    close();
  };
}
