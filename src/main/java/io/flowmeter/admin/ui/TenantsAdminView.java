package io.flowmeter.admin.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.flowmeter.shared.ui.Feedback;
import io.flowmeter.admin.service.PlatformAdminService;
import io.flowmeter.admin.service.PlatformAdminService.TenantRow;
import io.flowmeter.database.JobsDashboard;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.tenancy.domain.Plan;
import io.flowmeter.tenancy.domain.Slug;
import io.flowmeter.tenancy.domain.Tenant;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

import java.util.Map;

/** Platform administration of tenants: search, create, suspend, quotas, usage and the value of their runs, delete. */
@Route("admin/tenants")
@RouteAlias("admin")
@PageTitle("Tenants")
@Menu(order = 100, icon = "vaadin:building", title = "Admin · Tenants")
@RolesAllowed("PLATFORM_ADMIN")
public class TenantsAdminView extends VerticalLayout {


    private final PlatformAdminService admin;
    private final Grid<TenantRow> grid = new Grid<>();
    private final TextField search = new TextField();

    TenantsAdminView(PlatformAdminService admin, JobsDashboard jobsDashboard) {
        this.admin = admin;
        setSizeFull();

        search.setPlaceholder("Search name or slug");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setAriaLabel("Search tenants");
        search.setId("tenant-search");
        search.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        var create = new Button("New tenant", VaadinIcon.PLUS.create(), e -> openCreateDialog());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-tenant");
        var toolbar = new HorizontalLayout(search, create);
        toolbar.setWidthFull();
        toolbar.expand(search);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);

        grid.addColumn(row -> row.tenant().getName()).setHeader("Name").setKey("name").setSortable(true).setAutoWidth(true);
        grid.addColumn(row -> row.tenant().getSlug()).setHeader("Slug").setKey("slug").setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(row -> status(row.tenant())).setHeader("Status").setAutoWidth(true);
        grid.addColumn(row -> row.members() + " / " + row.tenant().getPlan().maxMembers()).setHeader("Members").setAutoWidth(true);
        grid.addColumn(TenantsAdminView::runs).setHeader("Runs (" + PlatformAdminService.USAGE_DAYS + " d)").setKey("runs").setAutoWidth(true);
        grid.addColumn(TenantsAdminView::value).setHeader("Value (" + PlatformAdminService.USAGE_DAYS + " d)").setKey("value").setAutoWidth(true)
                .setTooltipGenerator(row -> row.usage() == null ? "" : "Hours saved, then money saved minus run costs, in the organization's currency");
        grid.addColumn(row -> Feedback.date(row.tenant().getCreatedAt())).setHeader("Created").setKey("createdAt")
                .setSortable(true).setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("Actions").setAutoWidth(true).setFlexGrow(0).setFrozenToEnd(true);
        grid.setItems(query -> {
            Sort sort = query.getSortOrders().isEmpty() ? Sort.by("name")
                    : Sort.by(query.getSortOrders().stream().map(o -> o.getDirection() == SortDirection.ASCENDING
                    ? Sort.Order.asc(o.getSorted()) : Sort.Order.desc(o.getSorted())).toList());
            return admin.search(search.getValue(), PageRequest.of(query.getPage(), query.getPageSize(), sort)).stream();
        });
        grid.setEmptyStateText("No tenants match.");
        grid.setSizeFull();

        add(toolbar, grid);
        if (jobsDashboard.isRunning()) {
            var info = new Paragraph();
            info.add(new Span("Background jobs: JobRunr dashboard on port " + jobsDashboard.port() + " ("),
                    new Anchor("http://localhost:" + jobsDashboard.port() + "/dashboard", "open"),
                    new Span("), user " + JobsDashboard.USERNAME + ", password " + jobsDashboard.password()
                            + " (new at every start)."));
            info.addClassName("fm-muted");
            add(info);
        }
    }

    static String runs(TenantRow row) {
        var usage = row.usage();
        if (usage == null || usage.runs() == 0) {
            return "none";
        }
        long percent = Math.round(100.0 * usage.succeeded() / usage.runs());
        return String.format(java.util.Locale.ENGLISH, "%,d · %d %% ok · %d workflow%s", usage.runs(), percent, usage.workflows(),
                usage.workflows() == 1 ? "" : "s");
    }

    static String value(TenantRow row) {
        var usage = row.usage();
        if (usage == null) {
            return "—";
        }
        return usage.hoursSaved().toPlainString() + " h · net " + String.format(java.util.Locale.ENGLISH, "%,." + Math.max(0, usage.net().scale()) + "f",
                usage.net()) + " " + usage.currency();
    }

    private static Component status(Tenant tenant) {
        var badge = new Span(tenant.isActive() ? "Active" : "Suspended");
        badge.getElement().getThemeList().add(tenant.isActive() ? "badge success" : "badge error");
        return badge;
    }

    private Component actions(TenantRow row) {
        Tenant tenant = row.tenant();
        var toggle = new Button(tenant.isActive() ? "Suspend" : "Reactivate", e -> {
            if (tenant.isActive()) {
                var confirm = new com.vaadin.flow.component.confirmdialog.ConfirmDialog("Suspend " + tenant.getName() + "?",
                        "Its members are signed out and cannot sign in or use the API until you reactivate it. No data is deleted.",
                        "Suspend", ev -> act(() -> admin.suspend(tenant.getId()), tenant.getName() + " suspended"));
                confirm.setCancelable(true);
                confirm.setConfirmButtonTheme("error primary");
                confirm.open();
            } else {
                act(() -> admin.reactivate(tenant.getId()), tenant.getName() + " reactivated");
            }
        });
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
        toggle.setAriaLabel((tenant.isActive() ? "Suspend " : "Reactivate ") + tenant.getName());
        var quotas = new Button("Quotas", e -> openQuotaDialog(tenant));
        quotas.addThemeVariants(ButtonVariant.LUMO_SMALL);
        quotas.setAriaLabel("Quotas of " + tenant.getName());
        var delete = new Button("Delete", e -> openDeleteDialog(tenant));
        delete.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
        delete.setAriaLabel("Delete " + tenant.getName());
        return new HorizontalLayout(toggle, quotas, delete);
    }

    private void openCreateDialog() {
        var dialog = new Dialog();
        dialog.setHeaderTitle("New tenant");
        dialog.setWidth("min(44rem, 95vw)");
        var name = new TextField("Name");
        name.setRequired(true);
        name.setId("tenant-name");
        var slug = new TextField("Slug");
        slug.setRequired(true);
        slug.setId("tenant-slug");
        slug.setHelperText("Lowercase letters, digits and hyphens");
        name.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> {
            if (!e.getOldValue().isEmpty() && !slug.getValue().equals(Slug.suggestFrom(e.getOldValue()))) {
                return; // the admin edited the slug by hand
            }
            slug.setValue(Slug.suggestFrom(e.getValue()));
        });
        var owner = new EmailField("Owner email");
        owner.setRequired(true);
        owner.setId("tenant-owner");
        owner.setHelperText("An existing account becomes owner at once; anyone else gets an invitation");
        var quota = new QuotaFields(Plan.FREE);
        var form = new FormLayout(name, slug, owner);
        form.add(quota.fields());
        dialog.add(form);
        var create = new Button("Create", e -> {
            var fields = Map.of("name", name, "slug", slug, "ownerEmail", owner);
            fields.values().forEach(f -> f.setInvalid(false));
            try {
                var created = admin.create(name.getValue(), slug.getValue(), quota.plan(), owner.getValue());
                dialog.close();
                grid.getDataProvider().refreshAll();
                created.ownerInvite().ifPresentOrElse(invite -> {
                    var info = new Dialog();
                    info.setHeaderTitle("Tenant created");
                    var field = new TextField();
                    field.setValue(invite.link());
                    field.setReadOnly(true);
                    field.setId("owner-invite-link");
                    field.setWidth("36em");
                    info.add(new VerticalLayout(new Paragraph(invite.emailed()
                            ? "We emailed an owner invitation to " + invite.invitation().getEmail() + ". The link:"
                            : "Send this owner invitation link to " + invite.invitation().getEmail() + " (it works once):"), field));
                    info.getFooter().add(new Button("Done", ev -> info.close()));
                    info.open();
                }, () -> Feedback.notify(created.tenant().getName() + " created", false));
            } catch (InvalidInputException problem) {
                var field = problem.field() == null ? null : fields.get(problem.field());
                if (field != null) {
                    field.setErrorMessage(problem.getMessage());
                    field.setInvalid(true);
                } else {
                    quota.showProblem(problem);
                }
            }
        });
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickShortcut(Key.ENTER);
        create.setId("tenant-create");
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), create);
        dialog.open();
        name.focus();
    }

    private void openQuotaDialog(Tenant tenant) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Quotas of " + tenant.getName());
        dialog.setWidth("min(36rem, 95vw)");
        var quota = new QuotaFields(tenant.getPlan());
        dialog.add(new FormLayout(quota.fields()));
        var save = new Button("Save", e -> {
            try {
                admin.changePlan(tenant.getId(), quota.plan());
                dialog.close();
                grid.getDataProvider().refreshAll();
                Feedback.notify("Quotas saved", false);
            } catch (InvalidInputException problem) {
                quota.showProblem(problem);
            } catch (NotFoundException problem) {
                dialog.close();
                Feedback.notify(problem.getMessage(), true);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    private void openDeleteDialog(Tenant tenant) {
        var dialog = new Dialog();
        dialog.setHeaderTitle("Delete " + tenant.getName() + "?");
        dialog.setWidth("min(32rem, 95vw)");
        var confirmation = new TextField("Type \u201c" + tenant.getSlug() + "\u201d to confirm");
        confirmation.setWidthFull();
        confirmation.setId("delete-confirmation");
        confirmation.setValueChangeMode(ValueChangeMode.EAGER);
        var delete = new Button("Delete tenant and all its data", e -> {
            try {
                admin.delete(tenant.getId(), confirmation.getValue());
                dialog.close();
                grid.getDataProvider().refreshAll();
                Feedback.notify(tenant.getName() + " and all its data were deleted", false);
            } catch (InvalidInputException problem) {
                confirmation.setErrorMessage(problem.getMessage());
                confirmation.setInvalid(true);
            } catch (NotFoundException problem) {
                dialog.close();
                grid.getDataProvider().refreshAll();
            }
        });
        delete.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        delete.setEnabled(false);
        delete.setId("delete-confirm");
        confirmation.addValueChangeListener(e -> delete.setEnabled(tenant.getSlug().equals(e.getValue().strip())));
        dialog.add(new VerticalLayout(new Paragraph("This permanently deletes the tenant, its members' access, its API keys "
                + "and everything else it owns. People keep their accounts. This cannot be undone."), confirmation));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
        dialog.open();
    }

    private void act(Runnable action, String success) {
        try {
            action.run();
            Feedback.notify(success, false);
        } catch (NotFoundException | ConflictException problem) {
            Feedback.notify(problem.getMessage(), true);
        }
        grid.getDataProvider().refreshAll();
    }


    /** The four quota inputs of a plan. */
    private static final class QuotaFields {
        private final IntegerField workflows = field("Max workflows");
        private final IntegerField runs = field("Max runs per month");
        private final IntegerField connections = field("Max connections");
        private final IntegerField members = field("Max members");

        QuotaFields(Plan plan) {
            workflows.setValue(plan.maxWorkflows());
            runs.setValue(plan.maxRunsPerMonth());
            connections.setValue(plan.maxConnections());
            members.setValue(plan.maxMembers());
            members.setMin(1);
        }

        Component[] fields() {
            return new Component[]{workflows, runs, connections, members};
        }

        Plan plan() {
            for (IntegerField f : new IntegerField[]{workflows, runs, connections, members}) {
                if (f.getValue() == null || f.isInvalid()) {
                    throw new InvalidInputException(null, f.getLabel() + ": enter a whole number of at least " + (int) f.getMin());
                }
            }
            return new Plan(workflows.getValue(), runs.getValue(), connections.getValue(), members.getValue());
        }

        void showProblem(InvalidInputException problem) {
            Feedback.error(problem.getMessage());
        }

        private static IntegerField field(String label) {
            var f = new IntegerField(label);
            f.setMin(0);
            f.setStepButtonsVisible(true);
            f.setRequired(true);
            return f;
        }
    }
}
