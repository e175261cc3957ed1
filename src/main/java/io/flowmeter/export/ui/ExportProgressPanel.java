package io.flowmeter.export.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import io.flowmeter.export.service.ExportService;
import io.flowmeter.export.service.TenantExport;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.GoneException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.ui.Feedback;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The latest export: its progress while built, its one download when ready, or what became of it. */
class ExportProgressPanel extends VerticalLayout {

    private final ExportService exports;
    private final Runnable changed;
    private final Span status = new Span();
    private final ProgressBar bar = new ProgressBar(0, 1);
    private final Paragraph detail = new Paragraph();
    private final Div download = new Div();

    ExportProgressPanel(ExportService exports, Runnable changed) {
        this.exports = exports;
        this.changed = changed;
        setId("export-current");
        setPadding(true);
        setSpacing(false);
        addClassNames(LumoUtility.Border.ALL, LumoUtility.BorderRadius.MEDIUM, LumoUtility.BorderColor.CONTRAST_10);
        status.setId("export-status");
        status.addClassNames(LumoUtility.FontWeight.SEMIBOLD);
        bar.setId("export-progress");
        detail.setId("export-detail");
        detail.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Vertical.XSMALL);
        add(status, bar, detail, download);
    }

    void show(@Nullable TenantExport export) {
        download.removeAll();
        if (export == null) {
            status.setText("No export yet");
            detail.setText("Export all data to get a zip of everything your organization keeps here.");
            bar.setVisible(false);
            return;
        }
        status.setText(statusText(export));
        bar.setVisible(export.inProgress());
        bar.setIndeterminate(export.status() == TenantExport.Status.PENDING);
        bar.setValue(export.progress());
        detail.setText(detail(export));
        if (export.status() == TenantExport.Status.READY) {
            download.add(downloadLink(export));
        }
    }

    private Anchor downloadLink(TenantExport export) {
        var link = new Anchor(handler(export), "");
        var label = new Span("Download (" + size(export.sizeBytes() == null ? 0 : export.sizeBytes()) + ")");
        link.add(VaadinIcon.DOWNLOAD.create(), label);
        link.setId("export-download");
        link.getElement().setAttribute("download", true);
        link.getElement().setAttribute("theme", "primary");
        link.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Gap.SMALL, LumoUtility.Display.INLINE_FLEX,
                LumoUtility.AlignItems.CENTER);
        return link;
    }

    private DownloadHandler handler(TenantExport export) {
        return event -> {
            UI ui = event.getUI();
            try {
                exports.download(export.id(), file -> {
                    event.setFileName(file.fileName());
                    event.setContentType("application/zip");
                    event.setContentLength(file.sizeBytes());
                    return event.getOutputStream();
                });
                ui.access(() -> {
                    Feedback.success("Downloaded. The file is no longer kept here: ask for a new export to download again.");
                    changed.run();
                });
            } catch (GoneException | ConflictException | NotFoundException problem) {
                event.getResponse().setStatus(problem instanceof GoneException ? 410 : problem instanceof ConflictException ? 409 : 404);
                event.getResponse().setContentType("text/plain;charset=utf-8");
                event.getResponse().getOutputStream().write(problem.getMessage().getBytes(StandardCharsets.UTF_8));
                ui.access(() -> {
                    Feedback.error(problem.getMessage());
                    changed.run();
                });
            }
        };
    }

    static String statusText(TenantExport export) {
        return switch (export.status()) {
            case PENDING -> "Waiting to start";
            case RUNNING -> "Building: step " + Math.min(export.stepsDone() + 1, Math.max(1, export.stepsTotal())) + " of "
                    + export.stepsTotal() + (export.step() == null ? "" : " · " + export.step());
            case READY -> "Ready to download";
            case FAILED -> "Failed";
            case DOWNLOADED -> "Downloaded" + (export.downloadedAt() == null ? "" : " " + Feedback.dateTime(export.downloadedAt()))
                    + (export.downloadedBy() == null ? "" : " by " + export.downloadedBy());
            case EXPIRED -> "Removed unread";
        };
    }

    private String detail(TenantExport export) {
        String asked = "Asked for " + Feedback.dateTime(export.requestedAt()) + (export.requestedBy() == null ? "" : " by " + export.requestedBy());
        return switch (export.status()) {
            case PENDING, RUNNING -> asked + ". " + steps();
            case READY -> asked + ". Download it once before " + (export.expiresAt() == null ? "it expires" : Feedback.dateTime(export.expiresAt()))
                    + "; after the download the file is no longer kept." + (export.sha256() == null ? "" : " SHA-256 " + export.sha256() + ".");
            case FAILED -> asked + ". " + (export.error() == null ? "" : export.error() + ". ") + "Export again to try once more.";
            case DOWNLOADED -> asked + ". The file is no longer kept: export again for a fresh one.";
            case EXPIRED -> asked + ". Nobody downloaded it in time, so it was removed: export again for a fresh one.";
        };
    }

    private String steps() {
        List<String> steps = exports.steps();
        return "Steps: " + String.join(", ", steps.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()) + ".";
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
