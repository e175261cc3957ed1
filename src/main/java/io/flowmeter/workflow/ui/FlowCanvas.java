package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import com.vaadin.flow.component.react.ReactAdapterComponent;
import com.vaadin.flow.shared.Registration;
import elemental.json.JsonObject;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.function.Consumer;

/**
 * The React Flow canvas ({@code frontend/flowmeter-canvas.tsx}). It draws {@link CanvasGraph} and reports what
 * the person did as intents; it never changes the graph itself, so the server must answer every intent with
 * {@link #show} (also when it refuses one), or the browser keeps showing what it drew locally.
 */
@Tag("flowmeter-canvas")
@JsModule("./flowmeter-canvas.tsx")
@NpmPackage(value = "@xyflow/react", version = "12.12.1")
@NpmPackage(value = "@dagrejs/dagre", version = "3.1.3")
public class FlowCanvas extends ReactAdapterComponent implements com.vaadin.flow.component.HasSize {

    /** Where a node was dropped or dragged to. */
    public record Move(String id, double x, double y) {
    }

    public FlowCanvas() {
        setSizeFull();
    }

    public void show(CanvasGraph graph) {
        setState("graph", graph);
    }

    public void fitView() {
        getElement().callJsFunction("fitView");
    }

    /** Lays the graph out left to right in the browser (dagre); the result comes back as a move. */
    public void autoLayout() {
        getElement().callJsFunction("autoLayout");
    }

    public void focusNode(String id) {
        getElement().callJsFunction("focusNode", id);
    }

    public Registration onMoved(Consumer<List<Move>> listener) {
        return on("fm-nodes-moved", detail -> {
            var moves = detail.getArray("moves");
            var list = new java.util.ArrayList<Move>();
            for (int i = 0; i < moves.length(); i++) {
                JsonObject move = moves.getObject(i);
                list.add(new Move(move.getString("id"), move.getNumber("x"), move.getNumber("y")));
            }
            listener.accept(list);
        });
    }

    /** A new edge from {@code source}'s output {@code handle} (out, true, false, each, failure) to {@code target}. */
    public Registration onConnect(ConnectListener listener) {
        return on("fm-connect", d -> listener.connect(null, d.getString("source"), d.getString("sourceHandle"), d.getString("target")));
    }

    /** An existing edge dragged to another node or output. */
    public Registration onReconnect(ConnectListener listener) {
        return on("fm-reconnect", d -> listener.connect(d.getString("edge"), d.getString("source"), d.getString("sourceHandle"),
                d.getString("target")));
    }

    public Registration onDelete(java.util.function.BiConsumer<List<String>, List<String>> listener) {
        return on("fm-delete", d -> listener.accept(strings(d, "nodes"), strings(d, "edges")));
    }

    public Registration onSelection(Consumer<List<String>> listener) {
        return on("fm-selection", d -> listener.accept(strings(d, "nodes")));
    }

    /** A step type dragged from the palette and dropped at a canvas position. */
    public Registration onDrop(Consumer<Move> listener) {
        return on("fm-drop", d -> listener.accept(new Move(d.getString("type"), d.getNumber("x"), d.getNumber("y"))));
    }

    /** Keyboard commands: undo, redo, copy, paste, select-all, with the selected node ids. */
    public Registration onCommand(java.util.function.BiConsumer<String, List<String>> listener) {
        return on("fm-command", d -> listener.accept(d.getString("command"), strings(d, "nodes")));
    }

    @FunctionalInterface
    public interface ConnectListener {
        void connect(@Nullable String edgeId, String source, String handle, String target);
    }

    private Registration on(String type, Consumer<JsonObject> listener) {
        return getElement().addEventListener(type, event -> {
            var detail = event.getEventData().get("event.detail");
            if (detail instanceof JsonObject object) {
                listener.accept(object);
            }
        }).addEventData("event.detail");
    }

    private static List<String> strings(JsonObject detail, String key) {
        if (!detail.hasKey(key)) {
            return List.of();
        }
        var array = detail.getArray(key);
        var list = new java.util.ArrayList<String>();
        for (int i = 0; i < array.length(); i++) {
            list.add(array.getString(i));
        }
        return list;
    }
}
