/**
 * A bar chart drawn by Chart.js (the kept chart library: canvas, MIT, tree-shaken to the
 * bar chart's parts — about 60 KB — with categorical axes, stacking and legends that
 * uPlot, being time-series first, would need plugins for). One chart object per mount;
 * new data updates it in place without animation, so a live refresh does not flicker.
 */
import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = "'Pretendard', system-ui, sans-serif";
Chart.defaults.font.size = 14;
Chart.defaults.animation = false;

export interface BarChartProps {
  labels: string[];
  datasets: ChartDataset<'bar', number[]>[];
  horizontal?: boolean;
  stacked?: boolean;
  height?: number;
  testId?: string;
}

export function BarChart({ labels, datasets, horizontal, stacked, height = 220, testId }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar', number[], string> | null>(null);

  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1, position: 'bottom' } },
        scales: { x: { stacked: !!stacked }, y: { stacked: !!stacked, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.current?.destroy();
    // Options are fixed per mount; data updates below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.labels = labels;
    c.data.datasets = datasets;
    c.update('none');
  }, [labels, datasets]);

  return (
    <div className="bar-chart" style={{ height }}>
      <canvas ref={canvas} data-testid={testId} data-points={datasets.map((d) => d.data.join(',')).join('|')} />
    </div>
  );
}
