package io.flowmeter.engine.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.treegrid.TreeGrid;
import com.vaadin.flow.data.provider.hierarchy.TreeData;
import com.vaadin.flow.data.provider.hierarchy.TreeDataProvider;
import com.vaadin.flow.server.streams.DownloadHandler;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON value as a collapsible tree (keys and values; objects and arrays fold), with long strings cut and at most
 * {@link #MAX_ITEMS} entries shown; when anything was cut, or the value is large, the whole value can be downloaded.
 */
class JsonTree extends Div {

    static final int MAX_ITEMS = 2_000;
    static final int MAX_VALUE_CHARS = 300;
    static final int DOWNLOAD_ABOVE_CHARS = 20_000;

    /** One entry of the tree. */
    record Item(String key, String value, boolean container, int id) {
    }

    private final TreeGrid<Item> grid = new TreeGrid<>();
    private int count;
    private boolean cut;

    JsonTree(String json, String fileName, String id) {
        setId(id);
        addClassName("fm-json-tree");
        setWidthFull();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            add(new Span(json.length() > MAX_VALUE_CHARS ? json.substring(0, MAX_VALUE_CHARS) + "…" : json));
            return;
        }
        TreeData<Item> data = new TreeData<>();
        if (root.isContainerNode()) {
            addChildren(data, null, root);
        } else {
            data.addItem(null, item("value", root));
        }
        grid.setDataProvider(new TreeDataProvider<>(data));
        grid.addHierarchyColumn(Item::key).setHeader("Field").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        grid.addColumn(Item::value).setHeader("Value").setFlexGrow(1).setTooltipGenerator(Item::value);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.expand(data.getRootItems()); // the first level open; deeper levels fold
        if (count <= 12) {
            grid.setAllRowsVisible(true);
        } else {
            grid.setHeight("18em");
        }
        add(grid);
        if (cut || json.length() > DOWNLOAD_ABOVE_CHARS) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            var download = new Anchor(DownloadHandler.fromInputStream(event -> new com.vaadin.flow.server.streams.DownloadResponse(
                    new java.io.ByteArrayInputStream(bytes), fileName, "application/json", bytes.length)), "");
            download.add(VaadinIcon.DOWNLOAD.create(), new Span(" Download the whole value (" + size(bytes.length) + ")"));
            download.getElement().setAttribute("download", fileName);
            download.setId(id + "-download");
            var note = new Div(download);
            if (cut) {
                note.add(new Span(" · long values are cut here"));
            }
            note.addClassName("fm-muted");
            add(note);
        }
    }

    private void addChildren(TreeData<Item> data, @Nullable Item parent, JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                if (count >= MAX_ITEMS) {
                    more(data, parent);
                    return;
                }
                var field = fields.next();
                add(data, parent, field.getKey(), field.getValue());
            }
        } else {
            int index = 0;
            for (JsonNode element : node) {
                if (count >= MAX_ITEMS) {
                    more(data, parent);
                    return;
                }
                add(data, parent, "[" + index++ + "]", element);
            }
        }
    }

    private void add(TreeData<Item> data, @Nullable Item parent, String key, JsonNode value) {
        Item item = item(key, value);
        data.addItem(parent, item);
        if (value.isContainerNode() && !value.isEmpty()) {
            addChildren(data, item, value);
        }
    }

    private void more(TreeData<Item> data, @Nullable Item parent) {
        cut = true;
        data.addItem(parent, new Item("…", "more entries are not shown; download the whole value", false, count++));
    }

    private Item item(String key, JsonNode value) {
        String text;
        if (value.isObject()) {
            text = value.isEmpty() ? "{}" : "{ " + value.size() + (value.size() == 1 ? " field }" : " fields }");
        } else if (value.isArray()) {
            text = value.isEmpty() ? "[]" : "[ " + value.size() + (value.size() == 1 ? " item ]" : " items ]");
        } else {
            text = value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
            if (text.length() > MAX_VALUE_CHARS) {
                cut = true;
                text = text.substring(0, MAX_VALUE_CHARS) + "… (" + text.length() + " characters)";
            }
        }
        return new Item(key, text, value.isContainerNode(), count++);
    }

    private static String size(int bytes) {
        return bytes < 1024 ? bytes + " bytes" : bytes < 1024 * 1024 ? (bytes / 1024) + " kB" : String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    TreeGrid<Item> grid() {
        return grid;
    }

    boolean cut() {
        return cut;
    }
}
