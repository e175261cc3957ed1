package io.flowmeter.shell.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import org.jspecify.annotations.Nullable;

/**
 * A dashboard tile: a title, a big figure (or none), a line under it, an optional short list of links, and a link to
 * the list behind the figure.
 */
class Tile extends Div {

    private final UnorderedList items = new UnorderedList();

    Tile(String id, VaadinIcon icon, String title, @Nullable String figure, String line, @Nullable String href, @Nullable String link) {
        setId(id);
        addClassNames("fm-card", "fm-tile");
        var head = new Div(new Icon(icon), new H3(title));
        head.getStyle().set("display", "flex").set("align-items", "center").set("gap", "var(--lumo-space-s)");
        add(head);
        if (figure != null) {
            var big = new Span(figure);
            big.setId(id + "-figure");
            big.getStyle().set("font-size", "var(--lumo-font-size-xxxl)").set("font-weight", "600").set("line-height", "1.1");
            add(big);
        }
        var text = new Paragraph(line);
        text.addClassName("fm-muted");
        text.setId(id + "-line");
        add(text);
        items.getStyle().set("padding-inline-start", "1.1em").set("margin", "0 0 var(--lumo-space-s)");
        add(items);
        if (href != null && link != null) {
            var more = new Anchor(href, link);
            more.setId(id + "-link");
            add(more);
        }
    }

    Tile item(String href, String text, @Nullable String detail) {
        var anchor = new Anchor(href, text);
        var item = new ListItem(anchor);
        if (detail != null && !detail.isBlank()) {
            var small = new Span(" · " + (detail.length() > 90 ? detail.substring(0, 90) + "…" : detail));
            small.addClassName("fm-muted");
            item.add(small);
        }
        items.add(item);
        return this;
    }

    Tile with(Component component) {
        add(component);
        return this;
    }
}
