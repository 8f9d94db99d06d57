// Only what the dashboard draws (tree-shaken ECharts): line and bar charts on the SVG renderer, with the
// aria component (a description for screen readers and decal patterns that survive black-and-white print).
// This module is imported lazily by EChart.tsx: nothing of ECharts is in the tablet's initial JS.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export const init = echarts.init;
export type ECOption = Parameters<ReturnType<typeof echarts.init>['setOption']>[0];
