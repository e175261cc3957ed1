package io.flowmeter.identity.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.identity.domain.ApiKey;
import io.flowmeter.identity.domain.Invitation;
import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.service.ApiKeyService;
import io.flowmeter.identity.service.MemberService;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.service.TenantService;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.access.AccessDeniedException;

import java.util.Arrays;
import java.util.Map;

/** Tenant settings for admins and owners: members, invitations, API keys and the organization's name. */
@Route("settings")
@PageTitle("Settings")
@Menu(order = 90, icon = "vaadin:cog", title = "Settings")
@RolesAllowed("ADMIN")
public class SettingsView extends VerticalLayout implements BeforeEnterObserver {


    private final MemberService members;
    private final ApiKeyService apiKeys;
    private final TenantService tenants;
    private final Grid<MemberView> memberGrid = new Grid<>(MemberView.class, false);
    private final Grid<Invitation> inviteGrid = new Grid<>(Invitation.class, false);
    private final Grid<ApiKey> keyGrid = new Grid<>(ApiKey.class, false);
    private final TabSheet tabs = new TabSheet();
    private final com.vaadin.flow.component.tabs.Tab apiKeysTab;

    SettingsView(MemberService members, ApiKeyService apiKeys, TenantService tenants) {
        this.members = members;
        this.apiKeys = apiKeys;
        this.tenants = tenants;
        setSizeFull();
        tabs.setSizeFull();
        tabs.add("Members", membersTab());
        tabs.add("Invitations", invitationsTab());
        apiKeysTab = tabs.add("API keys", apiKeysTab());
        tabs.add("Organization", organizationTab());
        add(tabs);
        refresh();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var tab = event.getLocation().getQueryParameters().getParameters().get("tab");
        if (tab != null && tab.contains("api-keys")) {
            tabs.setSelectedTab(apiKeysTab);
        }
    }

    private Component membersTab() {
        FlowmeterPrincipal me = CurrentUser.require();
        memberGrid.addColumn(MemberView::displayName).setHeader("Name").setAutoWidth(true).setSortable(true);
        memberGrid.addColumn(MemberView::email).setHeader("Email").setAutoWidth(true).setSortable(true);
        memberGrid.addComponentColumn(member -> {
            var role = new Select<Role>();
            role.setItems(Arrays.stream(Role.values()).filter(r -> r != Role.OWNER || me.has(Role.OWNER)
                    || member.role() == Role.OWNER).toList());
            role.setItemLabelGenerator(Role::label);
            role.setValue(member.role());
            role.setAriaLabel("Role of " + member.displayName());
            role.setEnabled(me.has(Role.OWNER) || member.role() != Role.OWNER);
            role.addValueChangeListener(e -> {
                if (e.isFromClient() && e.getValue() != null) {
                    run(() -> members.changeRole(member.membershipId(), e.getValue()),
                            member.displayName() + " is now " + e.getValue().label());
                }
            });
            return role;
        }).setHeader("Role").setAutoWidth(true);
        memberGrid.addColumn(m -> Feedback.dateTime(m.since())).setHeader("Member since").setAutoWidth(true);
        memberGrid.addComponentColumn(member -> {
            var remove = new Button(VaadinIcon.TRASH.create(), e -> confirm("Remove " + member.displayName() + "?",
                    member.displayName() + " will lose access to this organization immediately.", "Remove",
                    () -> run(() -> members.remove(member.membershipId()), member.displayName() + " was removed")));
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            remove.setAriaLabel("Remove " + member.displayName());
            remove.setTooltipText("Remove member");
            return remove;
        }).setHeader("").setFlexGrow(0);
        memberGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        var invite = new Button("Invite member", VaadinIcon.PLUS.create(), e -> openInviteDialog());
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        invite.setId("invite-member");
        var layout = new VerticalLayout(new HorizontalLayout(invite), memberGrid);
        layout.setSizeFull();
        layout.setPadding(false);
        return layout;
    }

    private Component invitationsTab() {
        inviteGrid.addColumn(Invitation::getEmail).setHeader("Email").setAutoWidth(true);
        inviteGrid.addColumn(i -> i.getRole().label()).setHeader("Role").setAutoWidth(true);
        inviteGrid.addColumn(i -> Feedback.dateTime(i.getExpiresAt())).setHeader("Expires").setAutoWidth(true);
        inviteGrid.addComponentColumn(invitation -> {
            var revoke = new Button("Withdraw", e -> confirm("Withdraw the invitation for " + invitation.getEmail() + "?",
                    "The link stops working at once.", "Withdraw",
                    () -> run(() -> members.revokeInvitation(invitation.getId()), "Invitation withdrawn")));
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            return revoke;
        }).setFlexGrow(0);
        var empty = new Span("No pending invitations. Invite someone from the Members tab.");
        inviteGrid.setEmptyStateComponent(empty);
        var layout = new VerticalLayout(inviteGrid);
        layout.setSizeFull();
        layout.setPadding(false);
        return layout;
    }

    private Component apiKeysTab() {
        keyGrid.addColumn(ApiKey::getName).setHeader("Name").setAutoWidth(true);
        keyGrid.addColumn(k -> k.getKeyPrefix() + "…").setHeader("Key").setAutoWidth(true);
        keyGrid.addColumn(k -> Feedback.dateTime(k.getCreatedAt())).setHeader("Created").setAutoWidth(true);
        keyGrid.addColumn(k -> k.getLastUsedAt() == null ? "Never" : Feedback.dateTime(k.getLastUsedAt())).setHeader("Last used").setAutoWidth(true);
        keyGrid.addColumn(k -> k.isRevoked() ? "Revoked " + Feedback.dateTime(k.getRevokedAt()) : "Active").setHeader("Status").setAutoWidth(true);
        keyGrid.addComponentColumn(key -> {
            var revoke = new Button("Revoke", e -> confirm("Revoke " + key.getName() + "?",
                    "Every request using this key will be refused from now on. This cannot be undone.", "Revoke",
                    () -> run(() -> apiKeys.revoke(key.getId()), "Key revoked")));
            revoke.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            revoke.setVisible(!key.isRevoked());
            return revoke;
        }).setFlexGrow(0);
        keyGrid.setEmptyStateComponent(new Span("No API keys yet. Create one to call the REST API at /api/v1."));
        var create = new Button("Create API key", VaadinIcon.KEY.create(), e -> openCreateKeyDialog());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("create-api-key");
        var layout = new VerticalLayout(new HorizontalLayout(create), keyGrid);
        layout.setSizeFull();
        layout.setPadding(false);
        return layout;
    }

    private Component organizationTab() {
        var name = new TextField("Organization name");
        name.setValue(tenants.current().getName());
        name.setWidth("24em");
        var save = new Button("Save", e -> {
            try {
                tenants.renameCurrent(name.getValue());
                name.setInvalid(false);
                Feedback.success("Organization name saved");
            } catch (InvalidInputException problem) {
                Feedback.show(problem, Map.of("name", name));
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var plan = tenants.current().getPlan();
        var quotas = new Paragraph("Plan limits: " + plan.maxWorkflows() + " workflows, " + plan.maxRunsPerMonth()
                + " runs per month, " + plan.maxConnections() + " connections, " + plan.maxMembers() + " members.");
        // the engine owns failure notifications (and identity may not depend on it): its screen, linked by path
        var notifications = new Anchor("settings/notifications", "Failure notifications");
        notifications.getElement().setAttribute("router-link", true);
        notifications.setId("settings-notifications");
        var notificationsLine = new Paragraph(new Span("Who hears about failed runs by default: "), notifications);
        var roi = new Anchor("settings/roi", "ROI settings");
        roi.getElement().setAttribute("router-link", true);
        roi.setId("settings-roi");
        var roiLine = new Paragraph(new Span("Currency, labour rates, model prices and fees the ROI reports price with: "), roi);
        var audit = new Anchor("settings/audit", "Audit log");
        audit.getElement().setAttribute("router-link", true);
        audit.setId("settings-audit");
        var auditLine = new Paragraph(new Span("Who did what in your organization, when and from where: "), audit);
        var export = new Anchor("settings/export", "Data export");
        export.getElement().setAttribute("router-link", true);
        export.setId("settings-export");
        var exportLine = new Paragraph(new Span("Everything your organization keeps here, as one zip to download: "), export);
        var layout = new VerticalLayout(name, save, quotas, notificationsLine, roiLine, auditLine, exportLine);
        layout.setPadding(false);
        return layout;
    }

    private void openInviteDialog() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Invite a member");
        var email = new EmailField("Email");
        email.setRequired(true);
        email.setWidthFull();
        email.setId("invite-email");
        var role = new Select<Role>();
        role.setLabel("Role");
        FlowmeterPrincipal me = CurrentUser.require();
        role.setItems(Arrays.stream(Role.values()).filter(r -> r != Role.OWNER || me.has(Role.OWNER)).toList());
        role.setItemLabelGenerator(r -> r.label() + " — " + r.description());
        role.setValue(Role.BUILDER);
        role.setWidthFull();
        dialog.add(new VerticalLayout(email, role));
        var send = new Button("Invite", e -> {
            try {
                MemberService.Invite invite = members.invite(email.getValue(), role.getValue());
                dialog.close();
                refresh();
                showInviteLink(invite);
            } catch (InvalidInputException | ConflictException | AccessDeniedException problem) {
                Feedback.show(problem instanceof InvalidInputException ? problem : new InvalidInputException(null, problem.getMessage()),
                        Map.of("email", email));
            }
        });
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        send.addClickShortcut(Key.ENTER);
        send.setId("invite-send");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), send);
        dialog.open();
        email.focus();
    }

    private void showInviteLink(MemberService.Invite invite) {
        var dialog = new Dialog();
        dialog.setHeaderTitle(invite.emailed() ? "Invitation sent" : "Share this invitation link");
        var text = new Paragraph(invite.emailed()
                ? "We emailed an invitation to " + invite.invitation().getEmail() + ". You can also share this link; it works once:"
                : "Email is not configured, so send this link to " + invite.invitation().getEmail()
                + " yourself. It works once and expires " + Feedback.dateTime(invite.invitation().getExpiresAt()) + ".");
        dialog.add(new VerticalLayout(text, copyable(invite.link(), "invite-link")));
        dialog.getFooter().add(new Button("Done", e -> dialog.close()));
        dialog.open();
    }

    private void openCreateKeyDialog() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Create an API key");
        var name = new TextField("Name");
        name.setPlaceholder("e.g. CI pipeline");
        name.setRequired(true);
        name.setWidthFull();
        name.setId("api-key-name");
        dialog.add(name);
        var create = new Button("Create", e -> {
            try {
                ApiKeyService.CreatedKey created = apiKeys.create(name.getValue());
                dialog.removeAll();
                dialog.getFooter().removeAll();
                dialog.setHeaderTitle("Copy your new API key");
                dialog.add(new VerticalLayout(new Paragraph("This is the only time the key is shown. Store it somewhere "
                        + "safe; send it as 'Authorization: Bearer <key>'."), copyable(created.plaintext(), "api-key-value")));
                dialog.getFooter().add(new Button("I have copied it", ev -> dialog.close()));
                refresh();
            } catch (InvalidInputException problem) {
                Feedback.show(problem, Map.of("name", name));
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.setId("api-key-create");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
        name.focus();
    }

    private static Component copyable(String value, String id) {
        var field = new TextField();
        field.setValue(value);
        field.setReadOnly(true);
        field.setWidth("36em");
        field.setId(id);
        var copy = new Button(VaadinIcon.COPY.create());
        copy.setAriaLabel("Copy to clipboard");
        copy.setTooltipText("Copy");
        copy.addClickListener(e -> copy.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", value));
        var row = new HorizontalLayout(field, copy);
        row.setAlignItems(Alignment.BASELINE);
        return row;
    }

    private void confirm(String header, String text, String action, Runnable onConfirm) {
        var dialog = new ConfirmDialog(header, text, action, e -> onConfirm.run());
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }

    private void run(Runnable action, String success) {
        try {
            action.run();
            Feedback.success(success);
        } catch (ConflictException | NotFoundException | AccessDeniedException | InvalidInputException problem) {
            Feedback.error(problem.getMessage());
        }
        refresh();
    }

    private void refresh() {
        memberGrid.setItems(members.members());
        inviteGrid.setItems(members.pendingInvitations());
        keyGrid.setItems(apiKeys.list());
    }
}
