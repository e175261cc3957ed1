package io.flowmeter.shell.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.identity.security.SessionSignIn;
import io.flowmeter.identity.security.SignInService;
import io.flowmeter.identity.security.SignInService.TenantChoice;
import io.flowmeter.identity.ui.ProfileView;

import java.util.List;

/**
 * The frame around every signed-in screen. The navigation lists only the screens the person may open
 * (Vaadin's menu configuration applies each view's access rules).
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout {

    private final AuthenticationContext authentication;
    private final SignInService signIn;
    private final H1 title = new H1();

    MainLayout(AuthenticationContext authentication, SignInService signIn) {
        this.authentication = authentication;
        this.signIn = signIn;
        setPrimarySection(Section.DRAWER);
        title.addClassName("fm-page-title");
        var toggle = new DrawerToggle();
        toggle.setAriaLabel("Menu");
        var header = new HorizontalLayout(toggle, title);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("fm-header");
        header.expand(title);
        CurrentUser.get().ifPresent(principal -> header.add(tenantSwitcher(principal), themeToggle(), userMenu(principal)));
        addToNavbar(header);

        var brand = new Span("Flowmeter");
        brand.addClassName("fm-brand");
        addToDrawer(brand, new Scroller(navigation()));
    }

    private SideNav navigation() {
        var nav = new SideNav();
        nav.setLabel("Main");
        boolean hasTenant = CurrentUser.get().map(FlowmeterPrincipal::hasTenant).orElse(false);
        for (MenuEntry entry : MenuConfiguration.getMenuEntries()) {
            if (!hasTenant && (entry.path().isEmpty() || entry.path().equals("/"))) {
                continue; // a platform admin without a tenant has no dashboard of their own
            }
            var item = new SideNavItem(entry.title(), entry.path());
            if (entry.icon() != null) {
                item.setPrefixComponent(new Icon(entry.icon()));
            }
            nav.addItem(item);
        }
        return nav;
    }

    private Component tenantSwitcher(FlowmeterPrincipal principal) {
        if (!principal.hasTenant()) {
            var label = new Span("Platform administration");
            label.addClassName("fm-tenant-name");
            return label;
        }
        List<TenantChoice> choices = signIn.tenantsOf(principal.userId()).stream().filter(TenantChoice::active).toList();
        if (choices.size() <= 1) {
            var label = new Span(principal.tenantName());
            label.addClassName("fm-tenant-name");
            return label;
        }
        var select = new Select<TenantChoice>();
        select.setAriaLabel("Organization");
        select.setItems(choices);
        select.setItemLabelGenerator(TenantChoice::name);
        choices.stream().filter(c -> c.tenantId().equals(principal.tenantId())).findFirst().ifPresent(select::setValue);
        select.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null) {
                switchTo(principal, event.getValue());
            }
        });
        select.addClassName("fm-tenant-switcher");
        return select;
    }

    private void switchTo(FlowmeterPrincipal principal, TenantChoice choice) {
        SessionSignIn.store(signIn.authenticate(principal.userId(), choice.tenantId(), "switched organization"), false);
        getUI().ifPresent(ui -> ui.getPage().setLocation("/"));
    }

    private Component themeToggle() {
        var button = new Button(new Icon(VaadinIcon.ADJUST));
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON);
        button.setAriaLabel("Toggle dark mode");
        button.setTooltipText("Light / dark");
        button.addClickListener(e -> button.getElement().executeJs("""
                const dark = document.documentElement.getAttribute('theme') !== 'dark';
                document.documentElement.setAttribute('theme', dark ? 'dark' : '');
                localStorage.setItem('flowmeter-theme', dark ? 'dark' : 'light');"""));
        return button;
    }

    private Component userMenu(FlowmeterPrincipal principal) {
        var avatar = new Avatar(principal.displayName());
        avatar.addThemeVariants(com.vaadin.flow.component.avatar.AvatarVariant.LUMO_XSMALL);
        var menu = new MenuBar();
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE);
        menu.getElement().setAttribute("aria-label", "User menu");
        menu.setId("user-menu");
        var label = new HorizontalLayout(avatar, new Span(principal.displayName()));
        label.setAlignItems(FlexComponent.Alignment.CENTER);
        label.setSpacing(false);
        label.getStyle().set("gap", "var(--lumo-space-s)");
        var root = menu.addItem(label);
        var sub = root.getSubMenu();
        sub.addItem(new Span(principal.email())).setEnabled(false);
        if (principal.role() != null) {
            sub.addItem(new Span("Role: " + principal.role().label())).setEnabled(false);
        }
        sub.addItem("Profile", e -> getUI().ifPresent(ui -> ui.navigate(ProfileView.class))).setId("user-menu-profile");
        sub.addItem("Sign out", e -> authentication.logout());
        return menu;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        attachEvent.getUI().getPage().executeJs(
                "if (localStorage.getItem('flowmeter-theme') === 'dark') document.documentElement.setAttribute('theme', 'dark');");
    }

    @Override
    protected void afterNavigation() {
        super.afterNavigation();
        title.setText(MenuConfiguration.getPageHeader(getContent()).orElse(""));
    }
}
