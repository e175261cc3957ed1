/*
 * The workflow canvas: React Flow inside Vaadin Flow. The server owns the graph; this element draws what it is
 * given ("graph" state) and reports intents as CustomEvents (moved once on drag stop, connect, reconnect, delete,
 * selection, drop from the palette, undo/redo, copy/paste, layout). It never changes the graph on its own: the
 * server validates each intent and answers with the new state.
 */
import { createElement, useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  Background,
  BaseEdge,
  Controls,
  EdgeLabelRenderer,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  getSmoothStepPath,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type EdgeProps,
  type Node,
  type NodeChange,
  type NodeProps,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import dagre from '@dagrejs/dagre';
import '@xyflow/react/dist/style.css';
import { ReactAdapterElement, type RenderHooks } from 'Frontend/generated/flow/ReactAdapter';

type Output = { id: string; label?: string };
type GraphNode = {
  id: string;
  name: string;
  action: string;
  icon: string;
  x: number;
  y: number;
  trigger: boolean;
  outputs: Output[];
  failure: boolean;
  incoming: number;
  problems: string[];
  status?: string;
  diff?: string;
};
type GraphEdge = { id: string; source: string; sourceHandle: string; target: string; label?: string; kind: string; diff?: string };
type Group = { loop: string; members: string[] };
type Graph = { revision: number; readOnly: boolean; nodes: GraphNode[]; edges: GraphEdge[]; groups: Group[]; select?: string[] | null };
type Move = { id: string; x: number; y: number };

const EMPTY: Graph = { revision: 0, readOnly: true, nodes: [], edges: [], groups: [] };
const NODE_WIDTH = 220;
const NODE_HEIGHT = 72;
const STEP_MIME = 'application/x-flowmeter-step';

function StepNode({ data, selected }: NodeProps<Node<GraphNode & Record<string, unknown>>>) {
  const invalid = data.problems.length > 0;
  const classes = ['fm-node'];
  if (invalid) classes.push('fm-node-invalid');
  if (selected) classes.push('fm-node-selected');
  if (data.status) classes.push('fm-node-status-' + data.status);
  if (data.diff) classes.push('fm-node-diff-' + data.diff);
  const title = invalid ? data.name + ':\n• ' + data.problems.join('\n• ') : data.name + ' (' + data.action + ')';
  const outputs = data.outputs;
  return (
    <div className={classes.join(' ')} title={title} data-node-id={data.id} aria-label={title}>
      {!data.trigger && <Handle type="target" position={Position.Left} id="in" className="fm-handle-in" />}
      <div className="fm-node-head">
        {createElement('vaadin-icon', { icon: data.icon, className: 'fm-node-icon' })}
        <span className="fm-node-name">{data.name}</span>
      </div>
      <div className="fm-node-action">{data.action}</div>
      <div className="fm-node-badges">
        {invalid && <span className="fm-node-problems">{data.problems.length === 1 ? '1 problem' : data.problems.length + ' problems'}</span>}
        {data.incoming > 1 && <span className="fm-node-join">join · waits for {data.incoming}</span>}
        {data.status && <span className={'fm-node-state fm-node-state-' + data.status}>{data.status}</span>}
      </div>
      {outputs.map((output, index) => (
        <Handle
          key={output.id}
          type="source"
          position={Position.Right}
          id={output.id}
          className={'fm-handle-out fm-handle-' + output.id}
          style={{ top: outputs.length === 1 ? '50%' : `${((index + 1) * 100) / (outputs.length + 1)}%` }}
        >
          {output.label && <span className="fm-handle-label">{output.label}</span>}
        </Handle>
      ))}
      {data.failure && (
        <Handle type="source" position={Position.Bottom} id="failure" className="fm-handle-failure" title="On failure">
          <span className="fm-handle-label fm-handle-label-failure">on failure</span>
        </Handle>
      )}
    </div>
  );
}

function LoopGroup({ data }: NodeProps<Node<{ label: string } & Record<string, unknown>>>) {
  return <div className="fm-loop-group"><span className="fm-loop-label">{data.label}</span></div>;
}

const nodeTypes = { step: StepNode, loop: LoopGroup };

/**
 * A smooth-step edge whose label is HTML placed by CSS (EdgeLabelRenderer): React Flow's own SVG label measures its
 * text with getBBox, which forces a layout per label while a large graph first renders.
 */
function LabelledEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, markerEnd, style, interactionWidth }: EdgeProps) {
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} interactionWidth={interactionWidth} />
      <EdgeLabelRenderer>
        <div className="fm-edge-label" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>{label}</div>
      </EdgeLabelRenderer>
    </>
  );
}

const edgeTypes = { labelled: LabelledEdge };

/** The overview's colours follow the canvas: invalid red, test or run states, a loop's box faint. */
function miniMapColor(node: Node): string {
  if (node.type === 'loop') return 'rgba(0, 100, 255, 0.08)';
  const data = node.data as GraphNode;
  if (data.status === 'failed' || data.problems.length > 0) return '#e5484d';
  if (data.status === 'succeeded') return '#30a46c';
  if (data.status === 'running' || data.status === 'waiting') return '#d9a100';
  return '#8d99ae';
}

/** Server nodes merged into the previous ones: unchanged nodes keep their object (and React Flow's measurements). */
function mergeNodes(previous: Node[], graph: Graph, selected: Set<string>): Node[] {
  const byId = new Map(previous.map((n) => [n.id, n]));
  const steps: Node[] = graph.nodes.map((g) => {
    const old = byId.get(g.id);
    const isSelected = selected.has(g.id);
    if (old && old.type === 'step' && sameNode(old.data as GraphNode, g) && old.position.x === g.x && old.position.y === g.y
        && !!old.selected === isSelected && old.draggable === !graph.readOnly) {
      return old;
    }
    return {
      ...(old ?? {}),
      id: g.id,
      type: 'step',
      position: { x: g.x, y: g.y },
      data: g as GraphNode & Record<string, unknown>,
      selected: isSelected,
      draggable: !graph.readOnly,
      connectable: !graph.readOnly,
      deletable: !graph.readOnly,
      ariaLabel: g.name,
    } as Node;
  });
  return [...groupNodes(graph, steps, byId), ...steps];
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A loop's body drawn as a box behind its steps, sized from where they are now. */
function groupNodes(graph: Graph, steps: Node[], previous: Map<string, Node>): Node[] {
  const at = new Map(steps.map((n) => [n.id, n]));
  return graph.groups.flatMap((group) => {
    const members = group.members.map((id) => at.get(id)).filter((n): n is Node => !!n);
    if (members.length === 0) return [];
    const pad = 24;
    const minX = Math.min(...members.map((n) => n.position.x)) - pad;
    const minY = Math.min(...members.map((n) => n.position.y)) - pad - 16;
    const maxX = Math.max(...members.map((n) => n.position.x + (n.measured?.width ?? NODE_WIDTH))) + pad;
    const maxY = Math.max(...members.map((n) => n.position.y + (n.measured?.height ?? NODE_HEIGHT))) + pad;
    const loopName = graph.nodes.find((n) => n.id === group.loop)?.name ?? group.loop;
    const id = 'loop-group-' + group.loop;
    const old = previous.get(id);
    const width = maxX - minX;
    const height = maxY - minY;
    if (old && old.position.x === minX && old.position.y === minY && old.width === width && old.height === height) {
      return [old];
    }
    return [{
      id,
      type: 'loop',
      position: { x: minX, y: minY },
      width,
      height,
      style: { width, height },
      data: { label: 'for each item of ' + loopName },
      draggable: false,
      selectable: false,
      connectable: false,
      deletable: false,
      focusable: false,
      zIndex: -1,
    } as Node];
  });
}

function toEdges(graph: Graph): Edge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: 'in',
    label: e.label,
    type: e.label ? 'labelled' : 'smoothstep',
    className: ['fm-edge', 'fm-edge-' + e.kind, e.diff ? 'fm-edge-diff-' + e.diff : ''].join(' '),
    markerEnd: { type: MarkerType.ArrowClosed },
    reconnectable: !graph.readOnly,
    deletable: !graph.readOnly,
  }));
}

type Bridge = { fitView: () => void; layout: () => void; focusNode: (id: string) => void };

function Canvas({ hooks, element }: { hooks: RenderHooks; element: FlowmeterCanvas }) {
  const [graph] = hooks.useState<Graph>('graph', EMPTY);
  const moved = hooks.useCustomEvent<{ moves: Move[] }>('fm-nodes-moved');
  const connect = hooks.useCustomEvent<{ source: string; sourceHandle: string; target: string }>('fm-connect');
  const reconnect = hooks.useCustomEvent<{ edge: string; source: string; sourceHandle: string; target: string }>('fm-reconnect');
  const remove = hooks.useCustomEvent<{ nodes: string[]; edges: string[] }>('fm-delete');
  const select = hooks.useCustomEvent<{ nodes: string[] }>('fm-selection');
  const drop = hooks.useCustomEvent<{ type: string; x: number; y: number }>('fm-drop');
  const command = hooks.useCustomEvent<{ command: string; nodes: string[] }>('fm-command');
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const [nodes, setNodes] = useState<Node[]>([]);
  const selection = useRef<Set<string>>(new Set());
  const lastSelection = useRef('');
  // edges are the server's, but their selection is local (so Delete can remove a selected edge)
  const [edges, setEdges] = useState<Edge[]>([]);
  useEffect(() => {
    setEdges((previous) => {
      const chosen = new Set(previous.filter((e) => e.selected).map((e) => e.id));
      return toEdges(graph).map((e) => (chosen.has(e.id) ? { ...e, selected: true } : e));
    });
  }, [graph]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((current) => {
      let next = current;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        const index = next.findIndex((e) => e.id === change.id);
        if (index < 0) continue;
        if (next === current) next = [...current];
        next[index] = { ...next[index], selected: change.selected };
      }
      return next;
    });
  }, []);

  // fit the view once, when the first graph that arrives has steps (not when the first step is dropped on an empty canvas)
  const fitPending = useRef<boolean | undefined>(undefined);
  const fitAfterLayout = useRef(false);
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (graph.select) selection.current = new Set(graph.select);
    if (fitPending.current === undefined && graph !== EMPTY) fitPending.current = graph.nodes.length > 0;
    setNodes((previous) => mergeNodes(previous, graph, selection.current));
    if (fitAfterLayout.current) {
      // the laid-out positions come back from the server: fit once they are drawn
      fitAfterLayout.current = false;
      window.setTimeout(() => flow.fitView({ padding: 0.2, duration: 200, maxZoom: 1 }), 50);
    }
  }, [graph, flow]);
  useEffect(() => {
    if (initialized && fitPending.current) {
      fitPending.current = false;
      flow.fitView({ padding: 0.2, maxZoom: 1 });
    }
  }, [initialized, flow]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // positions while dragging, selection and measurements are local; removals are intents (Delete in onKeyDown)
    setNodes((current) => {
      let next = current;
      const byId = new Map(current.map((n, i) => [n.id, i]));
      for (const change of changes) {
        if (!('id' in change)) continue;
        const index = byId.get(change.id);
        if (index === undefined) continue;
        const node = next[index];
        let updated: Node | undefined;
        if (change.type === 'position' && change.position) {
          updated = { ...node, position: change.position, dragging: change.dragging };
        } else if (change.type === 'select') {
          updated = { ...node, selected: change.selected };
        } else if (change.type === 'dimensions' && change.dimensions) {
          updated = { ...node, measured: change.dimensions };
        }
        if (updated) {
          if (next === current) next = [...current];
          next[index] = updated;
        }
      }
      return next;
    });
  }, []);

  const onSelectionChange = useCallback(({ nodes: chosen }: OnSelectionChangeParams) => {
    const ids = chosen.filter((n) => n.type === 'step').map((n) => n.id).sort();
    selection.current = new Set(ids);
    const key = ids.join(',');
    if (key !== lastSelection.current) {
      lastSelection.current = key;
      select({ nodes: ids });
    }
  }, [select]);

  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target) connect({ source: c.source, sourceHandle: c.sourceHandle ?? 'out', target: c.target });
  }, [connect]);

  const onReconnect = useCallback((old: Edge, c: Connection) => {
    if (c.source && c.target) reconnect({ edge: old.id, source: c.source, sourceHandle: c.sourceHandle ?? 'out', target: c.target });
  }, [reconnect]);

  // React Flow never deletes on its own here (deletes are intents the server answers)
  const onBeforeDelete = useCallback(async () => false, []);

  const onNodeDragStop = useCallback((_event: unknown, _node: Node, dragged: Node[]) => {
    const moves = dragged.filter((n) => n.type === 'step')
      .map((n) => ({ id: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }));
    if (moves.length > 0) moved({ moves });
  }, [moved]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(STEP_MIME) || event.dataTransfer.types.includes('text/plain')) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const type = event.dataTransfer.getData(STEP_MIME) || event.dataTransfer.getData('text/plain');
    if (!type || graph.readOnly) return;
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    drop({ type, x: Math.round(at.x - NODE_WIDTH / 2), y: Math.round(at.y - NODE_HEIGHT / 2) });
  }, [flow, drop, graph.readOnly]);

  const onKeyDown = useCallback((event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, [contenteditable]')) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if ((event.key === 'Delete' || event.key === 'Backspace') && !graph.readOnly) {
      // only here, while the canvas has the focus: React Flow's own Delete listens on the whole page
      const nodeIds = [...selection.current];
      const edgeIds = edges.filter((e) => e.selected).map((e) => e.id);
      if (nodeIds.length > 0 || edgeIds.length > 0) {
        event.preventDefault();
        remove({ nodes: nodeIds, edges: edgeIds });
        // the focused step or edge goes away: keep the focus here, so Ctrl+Z right after still reaches the canvas
        wrapper.current?.focus();
      }
      return;
    }
    if (event.key.startsWith('Arrow') && !graph.readOnly && selection.current.size > 0) {
      // React Flow moves selected steps with the arrow keys; report where they ended up, as a drag would
      window.setTimeout(() => {
        const moves = flow.getNodes().filter((n) => n.type === 'step' && selection.current.has(n.id))
          .map((n) => ({ id: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }));
        if (moves.length > 0) moved({ moves });
      }, 0);
      return;
    }
    let name: string | undefined;
    if (mod && key === 'z') name = event.shiftKey ? 'redo' : 'undo';
    else if (mod && key === 'y') name = 'redo';
    else if (mod && key === 'c') name = 'copy';
    else if (mod && key === 'v') name = 'paste';
    else if (mod && key === 'a') name = 'select-all';
    if (!name || (graph.readOnly && name !== 'copy' && name !== 'select-all')) return;
    event.preventDefault();
    command({ command: name, nodes: [...selection.current] });
  }, [command, graph.readOnly, edges, remove, flow, moved]);

  useEffect(() => {
    const bridge: Bridge = {
      fitView: () => { flow.fitView({ padding: 0.2, duration: 200, maxZoom: 1 }); },
      layout: () => {
        const g = new dagre.graphlib.Graph();
        g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80 });
        g.setDefaultEdgeLabel(() => ({}));
        for (const n of flow.getNodes()) {
          if (n.type !== 'step') continue;
          g.setNode(n.id, { width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT });
        }
        for (const e of flow.getEdges()) g.setEdge(e.source, e.target);
        dagre.layout(g);
        const moves = g.nodes().map((id) => {
          const p = g.node(id) as unknown as { x?: number; y?: number; width: number; height: number };
          return { id, x: Math.round((p.x ?? 0) - p.width / 2), y: Math.round((p.y ?? 0) - p.height / 2) };
        });
        if (moves.length > 0) {
          fitAfterLayout.current = true;
          moved({ moves });
        }
      },
      focusNode: (id: string) => {
        const n = flow.getNode(id);
        if (n) flow.setCenter(n.position.x + NODE_WIDTH / 2, n.position.y + NODE_HEIGHT / 2, { zoom: 1, duration: 200 });
      },
    };
    element.bridge = bridge;
    return () => { element.bridge = undefined; };
  }, [flow, element, moved]);

  return (
    <div className="fm-canvas" ref={wrapper} tabIndex={0} onKeyDown={onKeyDown} role="application" aria-label="Workflow canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onConnect={graph.readOnly ? undefined : onConnect}
        onReconnect={graph.readOnly ? undefined : onReconnect}
        onBeforeDelete={onBeforeDelete}
        onNodeDragStop={onNodeDragStop}
        onDragOver={onDragOver}
        onDrop={onDrop}
        nodesDraggable={!graph.readOnly}
        nodesConnectable={!graph.readOnly}
        edgesReconnectable={!graph.readOnly}
        deleteKeyCode={null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        defaultViewport={{ x: 40, y: 40, zoom: 1 }}
        minZoom={0.1}
        maxZoom={2}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={miniMapColor} ariaLabel="Overview of the workflow" />
      </ReactFlow>
    </div>
  );
}

class FlowmeterCanvas extends ReactAdapterElement {
  bridge?: Bridge;

  fitView() {
    this.bridge?.fitView();
  }

  autoLayout() {
    this.bridge?.layout();
  }

  focusNode(id: string) {
    this.bridge?.focusNode(id);
  }

  protected override render(hooks: RenderHooks) {
    return (
      <ReactFlowProvider>
        <Canvas hooks={hooks} element={this} />
      </ReactFlowProvider>
    );
  }
}

customElements.define('flowmeter-canvas', FlowmeterCanvas);
