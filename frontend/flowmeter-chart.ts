/*
 * A chart for the ROI reports: Apache ECharts in a small Lit element. The server sets `option` (an ECharts option
 * as JSON) and the element draws it, replacing whatever it drew before (notMerge), so the server's option is the
 * whole truth. Clicks on data come back as `fm-chart-click`. Text colours, axis lines, font and palette come from
 * Lumo's custom properties and follow the light/dark toggle (theme="dark" on <html>).
 *
 * ECharts is imported piece by piece: only the chart types and components below reach the bundle. An option that
 * needs another one (a data zoom, a scatter series) draws nothing for it until it is added here.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { format, init, use, type ECElementEvent, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, TitleComponent, CanvasRenderer]);

type Option = EChartsCoreOption & { tooltip?: Record<string, unknown> };

/** What a click on a bar, point or slice reports. */
export type ChartClick = { seriesName: string; name: string; value: number | null; dataIndex: number };

// Hues after Lumo's four, for a pie with many slices; mid-lightness so they read on white and on Lumo's dark grey.
const MORE_HUES = ['#8e5bd4', '#1fa9b8', '#d4589e', '#a07a3c', '#5c7cfa', '#6b8e23'];

// A 2D context turns any CSS colour the browser knows (hsla, oklch, color-mix) into one ECharts can parse.
const colourProbe = document.createElement('canvas').getContext('2d');

function colour(value: string, fallback: string): string {
  if (!colourProbe) {
    return value || fallback;
  }
  colourProbe.fillStyle = fallback;
  colourProbe.fillStyle = value; // ignored when the browser cannot parse it: the fallback stays
  return String(colourProbe.fillStyle);
}

/** True for a dark colour (as the canvas normalises it: #rrggbb, or rgba(r, g, b, a) when translucent). */
function isDark(normalised: string): boolean {
  const rgb = normalised.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(normalised.slice(i, i + 2), 16))
    : (normalised.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  return rgb.length === 3 && 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128;
}

/** ECharts' theme object from the Lumo custom properties in effect on `element`. */
function lumoTheme(element: Element): Record<string, unknown> {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => colour(style.getPropertyValue(name).trim(), fallback);
  const text = read('--lumo-body-text-color', 'rgba(24, 39, 57, 0.94)');
  const secondary = read('--lumo-secondary-text-color', 'rgba(26, 57, 96, 0.69)');
  const line = read('--lumo-contrast-10pct', 'rgba(26, 57, 96, 0.1)');
  const base = read('--lumo-base-color', '#ffffff');
  const disabled = read('--lumo-disabled-text-color', 'rgba(26, 57, 96, 0.32)');
  const font = style.getPropertyValue('--lumo-font-family').trim() || 'system-ui, sans-serif';
  const axis = {
    axisLine: { lineStyle: { color: line } },
    axisTick: { lineStyle: { color: line } },
    axisLabel: { color: secondary },
    splitLine: { lineStyle: { color: line } },
    nameTextStyle: { color: secondary },
  };
  return {
    // ECharts picks label outlines and contrasts by this; with a transparent background it cannot tell by itself
    darkMode: isDark(base),
    color: [
      read('--lumo-primary-color', '#006af5'),
      read('--lumo-success-color', '#00a86b'),
      read('--lumo-warning-color', '#ffc71f'),
      read('--lumo-error-color', '#e8253c'),
      ...MORE_HUES,
    ],
    backgroundColor: 'transparent',
    textStyle: { color: text, fontFamily: font },
    title: { textStyle: { color: text }, subtextStyle: { color: secondary } },
    legend: { textStyle: { color: secondary }, inactiveColor: disabled },
    // confined: a chart in a card or dialog that clips its content still shows the whole tooltip
    tooltip: { confine: true, backgroundColor: base, borderColor: line, textStyle: { color: text, fontFamily: font } },
    categoryAxis: axis,
    valueAxis: axis,
    timeAxis: axis,
    logAxis: axis,
    // slices parted by the background. ECharts outlines outside labels in white, or black when darkMode, to stand
    // out from a background it is not told (transparent here): on Lumo's dark grey that black ring blurs the text
    pie: { itemStyle: { borderColor: base }, label: { textBorderColor: 'transparent' } },
  };
}

/**
 * JSON cannot carry ECharts' tooltip `valueFormatter` function, so the server sends `tooltip.valueSuffix` (e.g.
 * " h") and this turns it into one: numbers with thousands separators, then the suffix.
 */
function withTooltipSuffix(option: Option): Option {
  const tooltip = option.tooltip;
  if (!tooltip || typeof tooltip.valueSuffix !== 'string') {
    return option;
  }
  const { valueSuffix, ...rest } = tooltip;
  const one = (value: unknown) => (typeof value === 'number' ? format.addCommas(value) + valueSuffix : '-');
  const valueFormatter = (value: unknown) => (Array.isArray(value) ? value.map(one).join(', ') : one(value));
  return { ...option, tooltip: { ...rest, valueFormatter } };
}

/** The plotted number of a clicked item: the value itself, or for a dataset row the column on the value axis. */
function valueOf(params: ECElementEvent): number | null {
  const value = params.value;
  if (typeof value === 'number') {
    return value;
  }
  const column = params.encode?.y?.[0] ?? params.encode?.value?.[0];
  if (Array.isArray(value) && column !== undefined && typeof value[column] === 'number') {
    return value[column] as number;
  }
  return null;
}

class FlowmeterChart extends LitElement {
  static override properties = { option: { attribute: false } };

  static override styles = css`
    :host {
      display: block;
      position: relative;
      height: 20rem;
    }
    .chart {
      position: absolute;
      inset: 0;
    }
  `;

  option: Option | null = null;

  private chart?: EChartsType;
  private resizeObserver?: ResizeObserver;
  private themeObserver?: MutationObserver;
  private themeStale = false;

  override connectedCallback() {
    super.connectedCallback();
    // a canvas says nothing to a screen reader: the element is one image, its aria-label (set by the server) the text
    if (!this.hasAttribute('role')) {
      this.setAttribute('role', 'img');
    }
    if (this.hasUpdated && !this.chart) {
      this.start(); // attached again (Flow moves components between parents): the shadow DOM is still there
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.themeObserver?.disconnect();
    this.chart?.dispose();
    this.chart = undefined;
  }

  protected override render() {
    return html`<div class="chart"></div>`;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (!this.isConnected) {
      return; // a property set while detached is drawn on the next attach
    }
    if (!this.chart) {
      this.start();
    } else if (changed.has('option')) {
      this.draw();
    }
  }

  private start() {
    const container = this.renderRoot.querySelector<HTMLDivElement>('.chart');
    if (!container) {
      return;
    }
    const chart = init(container, lumoTheme(this));
    this.themeStale = false;
    chart.on('click', (params: ECElementEvent) => {
      if (params.componentType !== 'series') {
        return;
      }
      const detail: ChartClick = {
        seriesName: params.seriesName ?? '',
        name: params.name,
        value: valueOf(params),
        dataIndex: params.dataIndex,
      };
      this.dispatchEvent(new CustomEvent('fm-chart-click', { detail, bubbles: true, composed: true }));
    });
    this.chart = chart;
    this.resizeObserver = new ResizeObserver(() => chart.resize());
    this.resizeObserver.observe(this);
    // the app's theme toggle flips theme="dark" on <html>; Lumo's properties change with it, the canvas does not
    this.themeObserver = new MutationObserver(() => this.restyle());
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['theme'] });
    this.draw();
  }

  private draw() {
    if (this.option) {
      this.chart?.setOption(withTooltipSuffix(this.option), { notMerge: true });
      if (this.themeStale) {
        this.restyle();
      }
    } else {
      this.chart?.clear();
    }
  }

  private restyle() {
    // ECharts ignores a new theme until the chart has had an option: remember it for the first one
    this.themeStale = !this.option;
    if (this.option) {
      this.chart?.setTheme(lumoTheme(this));
    }
  }
}

customElements.define('flowmeter-chart', FlowmeterChart);

declare global {
  interface HTMLElementTagNameMap {
    'flowmeter-chart': FlowmeterChart;
  }
}
