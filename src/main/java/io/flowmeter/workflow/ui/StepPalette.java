package io.flowmeter.workflow.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

import java.util.function.Consumer;

/**
 * The searchable list of step types, grouped by connector. Drag an item onto the canvas to place it there; or
 * press Enter (or click) on it to add it after the selected step — the keyboard way.
 */
class StepPalette extends VerticalLayout {

    static final String STEP_MIME = "application/x-flowmeter-step";

    private final StepCatalog catalog;
    private final Consumer<String> onChoose;
    private final VerticalLayout groups = new VerticalLayout();
    private final TextField search = new TextField();

    StepPalette(StepCatalog catalog, Consumer<String> onChoose) {
        this.catalog = catalog;
        this.onChoose = onChoose;
        addClassName("fm-palette");
        setPadding(false);
        setSpacing(false);
        setHeightFull();
        setWidth("17rem");
        search.setPlaceholder("Search steps");
        search.setAriaLabel("Search steps");
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.EAGER);
        search.setWidthFull();
        search.setId("palette-search");
        search.addValueChangeListener(e -> show(e.getValue()));
        groups.setPadding(false);
        groups.setSpacing(false);
        var hint = new Span("Drag a step onto the canvas, or press Enter on it to add it after the selected step.");
        hint.addClassName("fm-muted");
        var scroller = new Scroller(groups);
        scroller.setSizeFull();
        add(search, hint, scroller);
        setFlexGrow(1, scroller);
        show("");
    }

    private void show(String query) {
        groups.removeAll();
        var found = catalog.search(query);
        if (found.isEmpty()) {
            var none = new Span("No step matches '" + query + "'");
            none.addClassName("fm-muted");
            groups.add(none);
        }
        for (StepCatalog.Group group : found) {
            var heading = new H4(group.connectorName());
            heading.addClassName("fm-palette-group");
            heading.getElement().setAttribute("title", group.description());
            groups.add(heading);
            group.types().forEach(type -> groups.add(item(type)));
        }
    }

    private Div item(StepCatalog.StepType type) {
        var item = new Div();
        item.addClassName("fm-palette-item");
        item.getElement().setAttribute("draggable", "true");
        item.getElement().setAttribute("tabindex", "0");
        item.getElement().setAttribute("role", "button");
        item.getElement().setAttribute("data-step-type", type.type());
        item.getElement().setAttribute("aria-label", "Add " + type.connectorName() + ": " + type.action().name());
        item.getElement().setAttribute("title", type.action().description());
        var icon = icon(type.icon());
        icon.addClassName("fm-palette-icon");
        var name = new Span(type.action().name());
        name.addClassName("fm-palette-name");
        var description = new Span(type.action().description());
        description.addClassName("fm-palette-description");
        item.add(icon, name, description);
        // the type travels in the drag data; the canvas turns the drop into an intent with the drop position
        item.getElement().executeJs("this.addEventListener('dragstart', e => { e.dataTransfer.setData($0, $1);"
                + " e.dataTransfer.setData('text/plain', $1); e.dataTransfer.effectAllowed = 'copy'; })", STEP_MIME, type.type());
        item.addClickListener(e -> onChoose.accept(type.type()));
        com.vaadin.flow.component.Shortcuts.addShortcutListener(item, () -> onChoose.accept(type.type()), Key.ENTER).listenOn(item);
        return item;
    }

    /** A Vaadin icon by its full name ({@code vaadin:globe}), as connectors declare it. */
    static Icon icon(String name) {
        var icon = new Icon(com.vaadin.flow.component.icon.VaadinIcon.CUBE);
        icon.getElement().setAttribute("icon", name);
        return icon;
    }

    void focusSearch() {
        search.focus();
    }
}
