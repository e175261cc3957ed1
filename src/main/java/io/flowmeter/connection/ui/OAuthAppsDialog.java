package io.flowmeter.connection.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import io.flowmeter.connection.oauth.OAuthClients;
import io.flowmeter.shared.ui.Feedback;

import java.util.Map;

/**
 * The OAuth apps connections sign in with: the platform's (configured by the operator) and, optionally, the
 * organization's own per provider. Its client secret goes to the secret store and is never shown again.
 */
class OAuthAppsDialog extends Dialog {

    private final OAuthClients clients;
    private final Runnable changed;
    private final Grid<OAuthClients.ProviderInfo> grid = new Grid<>();

    OAuthAppsDialog(OAuthClients clients, Runnable changed) {
        this.clients = clients;
        this.changed = changed;
        setHeaderTitle("OAuth apps");
        setWidth("min(48rem, 95vw)");
        var intro = new Paragraph("Connections sign in through an OAuth app. The platform's is used unless your organization "
                + "registers its own (for example to use your own branding or quotas). Register this redirect URL with it:");
        var redirect = new TextField();
        redirect.setValue(clients.redirectUri());
        redirect.setReadOnly(true);
        redirect.setWidthFull();
        redirect.setAriaLabel("Redirect URL");
        redirect.setId("oauth-redirect-uri");
        grid.addColumn(OAuthClients.ProviderInfo::displayName).setHeader("Provider").setAutoWidth(true);
        grid.addColumn(p -> p.platformApp() ? "Configured" : "Not configured").setHeader("Platform app").setAutoWidth(true);
        grid.addColumn(p -> p.tenantClientId() == null ? "—" : p.tenantClientId()).setHeader("Your app (client ID)").setAutoWidth(true);
        grid.addComponentColumn(p -> {
            var set = new Button(p.tenantClientId() == null ? "Use own app" : "Change", e -> edit(p));
            set.addThemeVariants(ButtonVariant.LUMO_SMALL);
            set.setAriaLabel("Own OAuth app for " + p.displayName());
            var row = new HorizontalLayout(set);
            if (p.tenantClientId() != null) {
                var remove = new Button("Remove", e -> remove(p));
                remove.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                remove.setAriaLabel("Remove own OAuth app for " + p.displayName());
                row.add(remove);
            }
            return row;
        }).setKey("actions").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        add(intro, redirect, grid);
        getFooter().add(new Button("Close", e -> close()));
        refresh();
    }

    private void refresh() {
        grid.setItems(clients.providers());
        changed.run();
    }

    private void edit(OAuthClients.ProviderInfo provider) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Own OAuth app for " + provider.displayName());
        var clientId = new TextField("Client ID");
        clientId.setRequired(true);
        clientId.setId("oauth-app-client-id");
        if (provider.tenantClientId() != null) {
            clientId.setValue(provider.tenantClientId());
        }
        var clientSecret = new PasswordField("Client secret");
        clientSecret.setRequired(true);
        clientSecret.setId("oauth-app-client-secret");
        clientSecret.setHelperText("Stored encrypted; never shown again");
        var form = new FormLayout(clientId, clientSecret);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        dialog.add(form);
        var fields = Map.of("clientId", clientId, "clientSecret", clientSecret);
        var save = new Button("Save", e -> {
            Feedback.clear(fields);
            try {
                clients.saveTenantApp(provider.key(), clientId.getValue(), clientSecret.getValue());
                dialog.close();
                Feedback.success("New " + provider.displayName() + " connections will use your app");
                refresh();
            } catch (RuntimeException problem) {
                Feedback.show(problem, fields);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("oauth-app-save");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
        clientId.focus();
    }

    private void remove(OAuthClients.ProviderInfo provider) {
        Feedback.confirmDestructive("Remove your " + provider.displayName() + " app?",
                "Connections made with it can no longer renew their tokens and will need reconnecting"
                        + (provider.platformApp() ? " (with the platform's app)." : "."), "Remove",
                () -> clients.deleteTenantApp(provider.key()), this::refresh);
    }
}
