// A bar chart (ECharts, SVG renderer) of some columns of a report table. The
// same numbers are in the table beside it; the chart has a text label for
// screen readers that points to that table.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { Table } from './api';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export function Chart({ table, series, label, names, testId }: { table: Table; series: string[]; label: string; names: Record<string, string>; testId: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    // The last row is the total: the chart shows the periods (or schools) only.
    const rows = table.rows.slice(0, -1);
    const xIdx = 0;
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => String(r[xIdx])) },
      yAxis: { type: 'value' },
      series: series.map((s) => ({ name: names[s] ?? s, type: 'bar', data: rows.map((r) => r[table.columns.indexOf(s)] ?? 0) })),
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [table, series, names]);
  return <div className="chart" ref={el} role="img" aria-label={label} data-testid={testId} />;
}
