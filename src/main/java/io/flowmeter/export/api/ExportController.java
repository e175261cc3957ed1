package io.flowmeter.export.api;

import io.flowmeter.export.service.ExportService;
import io.flowmeter.export.service.TenantExport;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** The organization's data exports over REST: ask for one, follow it, download it once. */
@RestController
@RequestMapping("/api/v1/exports")
class ExportController {

    record Export(UUID id, String status, @Nullable String requestedBy, Instant requestedAt, @Nullable String step, int stepsDone,
                  int stepsTotal, double progress, @Nullable Instant finishedAt, @Nullable Long sizeBytes, @Nullable String sha256,
                  @Nullable String error, @Nullable Instant downloadedAt, @Nullable Instant expiresAt, @Nullable String download) {

        static Export of(TenantExport e) {
            return new Export(e.id(), e.status().name(), e.requestedBy(), e.requestedAt(), e.step(), e.stepsDone(), e.stepsTotal(),
                    e.progress(), e.finishedAt(), e.sizeBytes(), e.sha256(), e.error(), e.downloadedAt(), e.expiresAt(),
                    e.status() == TenantExport.Status.READY ? "/api/v1/exports/" + e.id() + "/download" : null);
        }
    }

    record ExportList(List<Export> items) {
    }

    private final ExportService exports;

    ExportController(ExportService exports) {
        this.exports = exports;
    }

    @PostMapping
    @ApiResponse(responseCode = "202", description = "The export is asked for and will be built in the background; follow it at its Location")
    ResponseEntity<Export> request() {
        TenantExport export = exports.request();
        return ResponseEntity.accepted().location(URI.create("/api/v1/exports/" + export.id())).body(Export.of(export));
    }

    @GetMapping
    ExportList list() {
        return new ExportList(exports.recent().stream().map(Export::of).toList());
    }

    @GetMapping("/{id}")
    Export get(@PathVariable UUID id) {
        return Export.of(exports.find(id));
    }

    @GetMapping("/{id}/download")
    @ApiResponse(responseCode = "200", description = "The zip; after it the export is gone (downloadable once)",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "410", description = "Already downloaded, expired or failed: ask for a new export",
            content = @Content(mediaType = "application/problem+json"))
    void download(@PathVariable UUID id, HttpServletResponse response) {
        exports.download(id, download -> {
            response.setContentType("application/zip");
            response.setContentLengthLong(download.sizeBytes());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(download.fileName(), StandardCharsets.UTF_8).build().toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (!download.sha256().isEmpty()) { // RFC 9530
                response.setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(download.sha256())) + ":");
            }
            try {
                return response.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
