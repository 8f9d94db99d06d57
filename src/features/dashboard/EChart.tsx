import { useEffect, useRef, useState } from 'react';
import type { ECOption } from './echarts-setup';
import { PALETTE } from './formats';

/**
 * One chart, drawn by ECharts loaded on first use (./echarts-setup). The numbers are always also in the
 * table under it: the chart is a picture of them, described by ECharts' aria text.
 */
export function EChart({ option, label, loadingText, failedText, onPick }: { option: ECOption; label: string; loadingText: string; failedText: string; onPick?: (dataIndex: number, seriesIndex: number) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'drawn' | 'failed'>('loading');
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    void import('./echarts-setup')
      .then(({ init }) => {
        if (disposed || !el.current) return;
        const c = init(el.current, null, { renderer: 'svg', width: el.current.clientWidth || 640, height: 320, locale: 'ZH' });
        c.setOption({ color: PALETTE, aria: { enabled: true, decal: { show: true } }, animation: false, ...option });
        // A bar or point opens the records behind it (the table's links do the same, for keyboards and screen readers).
        if (onPick) c.on('click', (p) => typeof p.dataIndex === 'number' && onPick(p.dataIndex, p.seriesIndex ?? 0));
        chart = c;
        window.addEventListener('resize', onResize);
        setState('drawn');
      })
      .catch(() => !disposed && setState('failed'));
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option, onPick]);
  return (
    <figure className="dashboard-chart">
      <div ref={el} className="chart-canvas" role="img" aria-label={label} data-state={state} />
      {state === 'loading' && <p className="field-hint">{loadingText}</p>}
      {state === 'failed' && <p className="warning">{failedText}</p>}
    </figure>
  );
}
