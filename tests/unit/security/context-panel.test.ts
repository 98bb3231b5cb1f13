import { describe, expect, it, vi } from 'vitest';
import { createContextChecks } from '../../../components/context/controller.ts';
import type { Finding } from '../../../lib/context/checks.ts';

const finding = (id: string): Finding => ({ id, level: 'info', title: id, detail: '' });

describe('claude.ai page checks (issue 6 §1.4)', () => {
  it('run once after a burst of location changes, not once per change', async () => {
    vi.useFakeTimers();
    try {
      const collect = vi.fn(async () => [finding('a')]);
      const render = vi.fn();
      const checks = createContextChecks({ collect, render, debounceMs: 400 });
      for (let i = 0; i < 6; i++) {
        checks.locationChanged();
        await vi.advanceTimersByTimeAsync(150);
      }
      expect(collect).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(400);
      expect(collect).toHaveBeenCalledTimes(1);
      expect(render).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never renders a slow answer for a page the admin has already left', async () => {
    vi.useFakeTimers();
    try {
      let release!: (f: Finding[]) => void;
      const collect = vi
        .fn<() => Promise<Finding[]>>()
        .mockImplementationOnce(() => new Promise((r) => (release = r)))
        .mockImplementation(async () => [finding('new-page')]);
      const render = vi.fn();
      const checks = createContextChecks({ collect, render, debounceMs: 100 });
      const first = checks.runNow();
      checks.locationChanged();
      await vi.advanceTimersByTimeAsync(100);
      release([finding('old-page')]);
      await first;
      expect(render.mock.calls.map((c) => (c[0] as Finding[])[0]?.id)).toEqual(['new-page']);
    } finally {
      vi.useRealTimers();
    }
  });
});
