import { useCallback, useRef, useState } from "react";

export interface SendOnce {
  /** Runs `send` unless one is still running (then nothing: a double click sends one request); its result, or
   * undefined when it did not run. */
  once: <T>(send: () => Promise<T>) => Promise<T | undefined>;
  /** Whether one is running now: true from the first click on, before React has re-rendered. */
  sending: () => boolean;
  /** The same, as state: for `disabled` on the buttons that send. */
  busy: boolean;
}

/** One write at a time from a component (a punch, a review decision, a device action). The ref stops the second
 * click of a double click even before React has re-rendered the button disabled by `busy`. */
export function useSendOnce(): SendOnce {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const once = useCallback(async <T,>(send: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    try {
      return await send();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const sending = useCallback(() => running.current, []);
  return { once, sending, busy };
}
