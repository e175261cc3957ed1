package io.flowmeter.export.ui;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.tabs.TabSheet;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.ui.SettingsView;
import io.flowmeter.support.KaribuTest;
import io.flowmeter.support.TestData;
import io.flowmeter.support.TestData.Owner;
import org.junit.jupiter.api.Test;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** Settings · Data export: an owner asks for an export, sees it built step by step, and gets its one download link. */
class DataExportViewTest extends KaribuTest {

    @Test
    void anOwnerAsksForAnExportWatchesItAndGetsTheDownload() throws InterruptedException {
        Owner owner = data.newTenant("export-ui");
        signIn(owner.authentication());

        UI.getCurrent().navigate(SettingsView.class);
        _get(TabSheet.class).setSelectedIndex(3);
        assertThat(_get(Anchor.class, spec -> spec.withId("settings-export")).getHref()).isEqualTo("settings/export");
        UI.getCurrent().navigate("settings/export");
        Span status = _get(Span.class, spec -> spec.withId("export-status"));
        assertThat(status.getText()).isEqualTo("No export yet");
        assertThat(_find(Anchor.class, spec -> spec.withId("export-download"))).isEmpty();

        Button start = _get(Button.class, spec -> spec.withId("export-start"));
        _click(start);
        assertThat(status.getText()).matches("Waiting to start|Building: step \\d of \\d.*|Ready to download");
        assertThat(UI.getCurrent().getPollInterval()).isPositive().as("the page follows the build");

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!status.getText().equals("Ready to download") && System.nanoTime() < deadline) {
            assertThat(start.isEnabled()).isFalse();
            Thread.sleep(100);
            ComponentUtil.fireEvent(UI.getCurrent(), new PollEvent(UI.getCurrent(), true));
        }
        assertThat(status.getText()).isEqualTo("Ready to download");
        assertThat(start.isEnabled()).isTrue();
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);
        assertThat(_get(Anchor.class, spec -> spec.withId("export-download")).getElement().getTextRecursively()).startsWith("Download (")
                .endsWith("KB)");
        assertThat(_get(io.flowmeter.export.ui.ExportProgressPanel.class).getElement().getTextRecursively())
                .contains("Download it once before").contains("SHA-256");
    }

    @Test
    void buildersMayNotOpenIt() {
        Owner owner = data.newTenant("export-ui-builder");
        signIn(TestData.withRole(owner, Role.BUILDER));
        UI.getCurrent().navigate("settings/export");
        _get(io.flowmeter.shell.ui.AccessDeniedView.class);
        assertThat(_find(DataExportView.class)).isEmpty();
    }
}
